namespace MonthEnd.Core.Storage;

/// <summary>A lifecycle event of a batch (batch_lifecycle_log), oldest first.</summary>
public sealed record BatchEvent(long EventId, string BatchId, string Event, DateTimeOffset EventTime, string Details);
