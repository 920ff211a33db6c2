namespace SmbDrive.Dokan;

/// <summary>Name matching with the semantics of FsRtlIsNameInExpression, which DokanIsNameInExpression
/// documents (dokan.h; dokan-api.md §1.1; MS-FSA §2.1.4.4): <c>*</c> any run of characters; <c>?</c> exactly one
/// character; <c>&lt;</c> (DOS_STAR) any run up to and including the name's last period, never past it;
/// <c>&gt;</c> (DOS_QM) one character other than a period, or nothing at a period or the end of the name;
/// <c>"</c> (DOS_DOT) a period, or nothing at the end of the name. Windows rewrites FindFirstFile patterns into
/// these DOS wildcards before they reach us.
/// <para>Like FsRtl, a character at which the expression runs out through zero-width steps counts as matched, which
/// is why <c>??</c> (sent as <c>&gt;&gt;</c>) lists "." and "..". The matcher walks the name once with the set of
/// live expression positions: cost length(name) × length(expression), no recursion.</para></summary>
public static class DokanWildcard
{
    public const char DosStar = '<';
    public const char DosQm = '>';
    public const char DosDot = '"';

    private static ReadOnlySpan<char> WildcardChars => ['*', '?', DosStar, DosQm, DosDot];

    public static bool ContainsWildcards(ReadOnlySpan<char> expression) => expression.IndexOfAny(WildcardChars) >= 0;

    /// <summary>True when <paramref name="expression"/> selects every name ("*", or nothing at all).</summary>
    public static bool MatchesEverything(ReadOnlySpan<char> expression) => expression.IsEmpty || expression is "*";

    public static bool IsMatch(ReadOnlySpan<char> expression, ReadOnlySpan<char> name, bool ignoreCase)
    {
        if (expression.IsEmpty || name.IsEmpty)
        {
            return false;
        }
        if (expression is "*")
        {
            return true;
        }

        int end = expression.Length; // the accepting position
        Span<bool> current = end < 256 ? stackalloc bool[end + 1] : new bool[end + 1];
        Span<bool> next = end < 256 ? stackalloc bool[end + 1] : new bool[end + 1];
        int lastDot = name.LastIndexOf('.');
        current[0] = true;

        for (int n = 0; n < name.Length; n++)
        {
            char c = name[n];
            bool finalDot = n == lastDot;
            next.Clear();
            bool any = false;
            for (int e = 0; e < end; e++)
            {
                if (current[e])
                {
                    any |= Step(expression, e, c, finalDot, ignoreCase, next);
                }
            }
            if (!any)
            {
                return false;
            }
            next.CopyTo(current);
        }

        if (current[end])
        {
            return true;
        }
        // Past the end of the name only the zero-width forms can still advance.
        for (int e = 0; e < end; e++)
        {
            if (!current[e])
            {
                continue;
            }
            int p = e;
            while (p < end && expression[p] is '*' or DosStar or DosQm or DosDot)
            {
                p++;
            }
            if (p == end)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Feeds character <paramref name="c"/> to the expression at position <paramref name="e"/>, following
    /// zero-width steps, and marks in <paramref name="next"/> where the expression stands after it.</summary>
    private static bool Step(ReadOnlySpan<char> expression, int e, char c, bool finalDot, bool ignoreCase, Span<bool> next)
    {
        bool any = false;
        for (int p = e; ; p++)
        {
            if (p == expression.Length)
            {
                next[p] = true; // ran out through zero-width steps: c counts as matched (FsRtl does this)
                return true;
            }
            switch (expression[p])
            {
                case '*':
                    next[p] = next[p + 1] = any = true;
                    continue; // also try matching nothing
                case DosStar:
                    if (!finalDot)
                    {
                        next[p] = true; // may go on after this character
                    }
                    next[p + 1] = any = true; // the final period ends the run
                    continue;
                case DosQm:
                    if (c == '.')
                    {
                        continue; // a period is left for what follows
                    }
                    next[p + 1] = true;
                    return true;
                case DosDot:
                    if (c != '.')
                    {
                        return any;
                    }
                    next[p + 1] = true;
                    return true;
                case '?':
                    next[p + 1] = true;
                    return true;
                default:
                    if (!CharsEqual(expression[p], c, ignoreCase))
                    {
                        return any;
                    }
                    next[p + 1] = true;
                    return true;
            }
        }
    }

    private static bool CharsEqual(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
