namespace SmbDrive.Fuse.PosixLocks;

/// <summary>A byte range [Start, End) of a POSIX lock, as the server's byte-range locks see it.</summary>
internal readonly record struct LockSpan(ulong Start, ulong End)
{
    public ulong Length => End - Start;

    public bool Overlaps(LockSpan other) => Start < other.End && other.Start < End;

    public LockSpan Intersect(LockSpan other) => new(Math.Max(Start, other.Start), Math.Min(End, other.End));

    /// <summary>The parts of this span outside <paramref name="other"/>: none, one or two.</summary>
    public IEnumerable<LockSpan> Minus(LockSpan other)
    {
        if (!Overlaps(other))
        {
            yield return this;
            yield break;
        }
        if (Start < other.Start)
            yield return new LockSpan(Start, other.Start);
        if (other.End < End)
            yield return new LockSpan(other.End, End);
    }

    /// <summary>The parts of this span that none of <paramref name="covered"/> overlaps, in order.</summary>
    public List<LockSpan> Gaps(IEnumerable<LockSpan> covered)
    {
        var gaps = new List<LockSpan>();
        ulong next = Start;
        foreach (var span in covered.Where(Overlaps).OrderBy(s => s.Start))
        {
            if (span.Start > next)
                gaps.Add(new LockSpan(next, span.Start));
            next = Math.Max(next, span.End);
        }
        if (next < End)
            gaps.Add(new LockSpan(next, End));
        return gaps;
    }

    public override string ToString() => $"[{Start}, {End})";
}
