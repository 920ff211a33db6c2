namespace SmbDrive.Vfs.Paths;

/// <summary>Matches a file name against a directory search pattern the way Windows file systems do
/// (MS-FSA 2.1.4.4, FsRtlIsNameInExpression), always ignoring case. Besides <c>*</c> and <c>?</c> the
/// pattern may hold the DOS forms that the Win32 layer produces from <c>*.*</c>-style patterns:
/// <c>&lt;</c> (DOS_STAR), <c>&gt;</c> (DOS_QM) and <c>"</c> (DOS_DOT). Shared by both front-ends.</summary>
public static class WildcardMatcher
{
    private const char DosStar = '<';
    private const char DosQm = '>';
    private const char DosDot = '"';

    /// <summary>True when the pattern contains any wildcard, i.e. it is not one exact name.</summary>
    public static bool HasWildcards(string? pattern) =>
        pattern is not null && pattern.AsSpan().IndexOfAny("*?<>\"") >= 0;

    /// <summary>True for the patterns that select every entry without looking at names.</summary>
    public static bool MatchesEverything(string? pattern) => string.IsNullOrEmpty(pattern) || pattern == "*";

    public static bool IsMatch(string pattern, string name)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(name);
        // An empty name matches only the empty expression (FsRtlIsNameInExpression does the same).
        if (name.Length == 0 || pattern.Length == 0) return name.Length == pattern.Length;
        if (pattern == "*") return true;

        // Simulates the pattern as a non-deterministic automaton: one state per pattern position, so the
        // cost is O(name × pattern) whatever the pattern, with no backtracking blow-up on "*a*a*a*b".
        int m = pattern.Length;
        int lastDot = name.LastIndexOf('.');
        Span<bool> current = m < 256 ? stackalloc bool[m + 1] : new bool[m + 1];
        Span<bool> next = m < 256 ? stackalloc bool[m + 1] : new bool[m + 1];
        current[0] = true;
        for (int ni = 0; ni <= name.Length; ni++)
        {
            AddZeroWidthMoves(pattern, name, ni, current);
            if (ni == name.Length) break;

            next.Clear();
            char c = name[ni];
            bool any = false;
            for (int pi = 0; pi < m; pi++)
            {
                if (!current[pi]) continue;
                switch (pattern[pi])
                {
                    case '*':
                        next[pi] = true;
                        break;
                    case DosStar:
                        // Consumes characters up to and including the name's final dot, never beyond it.
                        if (lastDot < 0 || ni <= lastDot) next[pi] = true;
                        break;
                    case '?':
                        next[pi + 1] = true;
                        break;
                    case DosQm:
                        if (c != '.') next[pi + 1] = true;
                        break;
                    case DosDot:
                        if (c == '.') next[pi + 1] = true;
                        break;
                    default:
                        if (CharsEqualIgnoreCase(pattern[pi], c)) next[pi + 1] = true;
                        break;
                }
                any |= next[pi] || next[pi + 1];
            }
            if (!any) return false;
            next.CopyTo(current);
        }
        return current[m];
    }

    private static void AddZeroWidthMoves(string pattern, string name, int ni, Span<bool> states)
    {
        bool atEnd = ni == name.Length;
        // Left to right is enough: a zero-width move only ever enables a later position.
        for (int pi = 0; pi < pattern.Length; pi++)
        {
            if (!states[pi]) continue;
            bool skip = pattern[pi] switch
            {
                '*' or DosStar => true,
                // DOS_DOT matches "zero characters beyond the name string".
                DosDot => atEnd,
                // DOS_QM at a period or at the end gives up the rest of its run of DOS_QMs.
                DosQm => atEnd || name[ni] == '.',
                _ => false,
            };
            if (skip) states[pi + 1] = true;
        }
    }

    private static bool CharsEqualIgnoreCase(char a, char b) =>
        a == b || char.ToUpperInvariant(a) == char.ToUpperInvariant(b);
}
