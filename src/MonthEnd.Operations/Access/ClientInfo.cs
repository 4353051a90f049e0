namespace MonthEnd.Operations.Access;

/// <summary>Where a request comes from, as the host knows it: the interface, the address and the client program.</summary>
public sealed record ClientInfo(string Interface, string? IpAddress, string? UserAgent);
