using System.Globalization;

namespace MonthEnd.Core.Generation;

/// <summary>
/// The personal data of a generated policy: the holder's id and the account the premiums come from
/// and the claims go to, a pure function of the seed and the policy id, so that every row of one
/// policy carries the same holder, and the rest of a generated row (drawn from the generator's own
/// random) is what the same seed always gave.
/// </summary>
/// <remarks>
/// Holder ids are mostly Indonesian NIKs (16 digits: province, regency, district, birth date with
/// 40 added to a woman's day, a serial), the rest an insurer's own 'PH' and 8 digits; account
/// numbers have 10 to 16 digits, as Indonesian banks' do.
/// </remarks>
internal static class HolderData
{
    private static readonly int[] Provinces = [11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 94];

    public static string PolicyHolderId(int seed, long policyId)
    {
        var bits = Mix(seed, policyId, 1);
        if (bits % 10 == 0)
        {
            return "PH" + Digits(bits / 10, 8);
        }

        var province = Provinces[(int)(bits % (ulong)Provinces.Length)];
        bits /= (ulong)Provinces.Length;
        var regency = 1 + (int)(bits % 79);
        var district = 1 + (int)(bits / 79 % 40);
        var more = Mix(seed, policyId, 2);
        var birth = new DateOnly(1950, 1, 1).AddDays((int)(more % 20_000));
        var day = birth.Day + (more / 20_000 % 2 == 0 ? 0 : 40);
        var serial = 1 + (int)(more / 40_000 % 9_999);
        return string.Create(CultureInfo.InvariantCulture, $"{province:D2}{regency:D2}{district:D2}{day:D2}{birth.Month:D2}{birth.Year % 100:D2}{serial:D4}");
    }

    public static string AccountNumber(int seed, long policyId)
    {
        var bits = Mix(seed, policyId, 3);
        var length = 10 + (int)(bits % 7);
        // The first digit is never 0; 16 digits take two draws (one 64-bit draw holds 19).
        var first = 1 + (int)(bits / 7 % 9);
        return first.ToString(CultureInfo.InvariantCulture) + Digits(Mix(seed, policyId, 4), length - 1);
    }

    private static string Digits(ulong bits, int count) =>
        (bits % (ulong)Math.Pow(10, count)).ToString(new string('0', count), CultureInfo.InvariantCulture);

    // SplitMix64's finaliser over the seed, the policy and what is drawn: well spread, and the same everywhere.
    private static ulong Mix(int seed, long policyId, int draw)
    {
        var z = ((ulong)(uint)seed << 32) ^ (ulong)policyId ^ ((ulong)draw * 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
