namespace MonthEnd.Operations.Access;

/// <summary>Checks on free-text arguments (reasons, names): bounded, printable, so they stay inert wherever they are shown or stored.</summary>
public static class Arguments
{
    public const int MaxReasonLength = 1000;

    /// <summary>A required text of at most <paramref name="max"/> characters without control characters.</summary>
    public static string Text(string argument, string? value, int max = MaxReasonLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidArgumentException(argument, "is required and must not be blank");
        }

        return OptionalText(argument, value, max)!;
    }

    /// <summary>A batch id as <see cref="Core.Batches.BatchId"/> allows it.</summary>
    public static string BatchId(string? value)
    {
        try
        {
            return Core.Batches.BatchId.Validate(value);
        }
        catch (FormatException e)
        {
            throw new InvalidArgumentException("--batch-id", e.Message);
        }
    }

    public static string? OptionalText(string argument, string? value, int max = MaxReasonLength)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > max)
        {
            throw new InvalidArgumentException(argument, $"is {value.Length} characters long; at most {max} are allowed");
        }

        var unsafeChar = value.FirstOrDefault(Core.Text.Shown.IsUnsafe);
        if (unsafeChar != default)
        {
            throw new InvalidArgumentException(argument, $"contains the control character U+{(int)unsafeChar:X4}; use plain text");
        }

        return value;
    }
}
