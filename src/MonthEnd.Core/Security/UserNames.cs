namespace MonthEnd.Core.Security;

/// <summary>
/// How the product compares user names: letter case is ignored for the ASCII letters A–Z only.
/// That is the one rule both stores hold alike whatever the database's locale (SQLite's NOCASE
/// folds A–Z and nothing else; PostgreSQL's <c>lower(name COLLATE "C")</c> likewise, where a
/// Unicode locale would also fold 'Ä' and make 'Äsa' and 'äsa' one user there and two in SQLite).
/// So 'alice' and 'ALICE' are one user, 'Äsa' and 'äsa' two.
/// </summary>
public static class UserNames
{
    public static bool Same(string a, string b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (FoldAscii(a[i]) != FoldAscii(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static char FoldAscii(char c) => c is >= 'A' and <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}
