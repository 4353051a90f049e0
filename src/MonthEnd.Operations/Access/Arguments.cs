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

    /// <summary>Linux's PATH_MAX; longer paths fail in the system calls anyway, with less clear messages.</summary>
    public const int MaxPathLength = 4096;

    /// <summary>Linux's NAME_MAX, in bytes of UTF-8: the most one file name in a path may have.</summary>
    public const int MaxFileNameBytes = 255;

    /// <summary>
    /// A file or directory path given on a command line: not blank, at most <see cref="MaxPathLength"/>
    /// characters and <see cref="MaxFileNameBytes"/> bytes per name, no control or direction characters
    /// (they would forge lines wherever the path is shown). Other characters, SQL's and other scripts'
    /// included, are a file name's own business and stay inert.
    /// </summary>
    public static string FilePath(string argument, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidArgumentException(argument, "must name a file or directory, not be blank");
        }

        if (value.Length > MaxPathLength)
        {
            throw new InvalidArgumentException(argument, $"is {value.Length:N0} characters long; a path has at most {MaxPathLength:N0}");
        }

        var at = FirstUnsafe(value, allowSurrogates: true);
        if (at >= 0)
        {
            throw new InvalidArgumentException(argument, $"contains the control character U+{(int)value[at]:X4}; name the file in plain text");
        }

        if (value.Split('/').FirstOrDefault(name => System.Text.Encoding.UTF8.GetByteCount(name) > MaxFileNameBytes) is { } longName)
        {
            throw new InvalidArgumentException(argument, $"has a name of {System.Text.Encoding.UTF8.GetByteCount(longName):N0} bytes; a file name has at most {MaxFileNameBytes}");
        }

        return value;
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

        var at = FirstUnsafe(value, allowSurrogates: false);
        if (at >= 0)
        {
            throw new InvalidArgumentException(argument, $"contains the control character U+{(int)value[at]:X4}; use plain text");
        }

        return value;
    }

    /// <summary>
    /// Where the first control or direction character is, or -1. An index, not the character: U+0000
    /// is the default a search for the character answers when it finds none, so a NUL went through.
    /// </summary>
    private static int FirstUnsafe(string value, bool allowSurrogates)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (Core.Text.Shown.IsUnsafe(value[i]) && !(allowSurrogates && char.IsSurrogate(value[i])))
            {
                return i;
            }
        }

        return -1;
    }
}
