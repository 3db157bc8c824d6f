namespace Grader.Core.Documents;

/// <summary>"Did you mean" hints for misspelt keys.</summary>
internal static class KeySuggestion
{
    /// <summary>The candidate within edit distance 2 of <paramref name="key"/> (ignoring case), if any.</summary>
    public static string? Nearest(string key, IEnumerable<string> candidates)
    {
        if (key.Length > 64)
            return null; // not a typo, and keeps the quadratic distance cheap
        string? best = null;
        int bestDistance = 3;
        foreach (var candidate in candidates)
        {
            int d = Distance(key.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance)
                (best, bestDistance) = (candidate, d);
        }
        return best;
    }

    /// <summary>Levenshtein distance with two rolling rows.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
