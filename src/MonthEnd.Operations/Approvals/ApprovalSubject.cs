using System.Text.Json;
using MonthEnd.Operations.Access;

namespace MonthEnd.Operations.Approvals;

/// <summary>A request's arguments as its JSON subject: written when asked, read back exactly when approved.</summary>
public static class ApprovalSubject
{
    public static string Write<T>(T subject) => JsonSerializer.Serialize(subject);

    /// <summary>The subject's arguments; a subject that is not what the operation wrote (edited in the database) is refused.</summary>
    public static T Read<T>(string subject) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(subject) ?? throw new OperationRefusedException("the request's subject is empty");
        }
        catch (JsonException e)
        {
            throw new OperationRefusedException($"the request's subject cannot be read: {e.Message}");
        }
    }
}
