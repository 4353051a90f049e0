namespace MonthEnd.Operations;

/// <summary>Marks the assembly (for DI scanning and tests); the layer's services live in feature folders.</summary>
public static class OperationsAssembly;
