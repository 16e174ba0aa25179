"""Total-fit line breaking: the line ends of a whole paragraph chosen together (Knuth–Plass).

The first-fit breaker decides each line alone, so it cannot see that ending this line one
character earlier would spare the paragraph a last line of one character (孤字), or a number cut
from its unit two lines on. This breaker weighs every allowed way of setting the paragraph and
keeps the cheapest, as TeX and Typst do, with Chinese costs:

- a justified line costs by how far its gaps between characters open (TeX's badness: 100 at a
  quarter em more per gap, growing with the cube), or by how much it must squeeze its marks
  (`_Adjust.squeeze_cost`: free at the line end, dear for one lone mark squeezed mid-line);
- kinsoku is absolute: a prohibited break is never taken;
- a number cut from its unit, and a last line of one character (two, less so), add fixed demerits
  large enough to buy a visibly looser line elsewhere, but not an absurd one.

Most paragraphs of Chinese text fill their lines exactly; for them the first-fit setting already
costs nothing and is kept (as TeX's first pass with `\\pretolerance` does). Only the lines of a
first-fit setting with a fault, or worse than `PRETOLERANCE`, are set again, with the `WINDOW`
lines before and after them: a shortest path over break positions between two line ends of the
first-fit setting (the measure is the same for every line after the first, so the position is the
whole state), trying from each position only the ends whose spacing stays within a tolerance, a
quarter em a gap, then half an em, then any. That keeps it linear in the paragraph's length. A
window with no setting is widened, then the whole paragraph is searched; if even that finds
nothing, the first-fit setting stands.

What keeps the search cheap, without changing what it finds: a first search only an eighth of an
em wide, kept when its cost proves no wider line could help (TeX's first pass); no line costed
that could not beat the best way already found to its end; and a pushed-in line's squeeze worked
out over its marks alone (`line.givers`), the rest of a line's cost from prefix sums.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate

from paiban.compose.cohesion import cuts_number
from paiban.compose.config import ParagraphConfig, Where
from paiban.compose.line import _natural, givers, justification_gaps, space_room, start_adjusted
from paiban.compose.linebreak import EPS, Break, _allowed, _Measure, break_lines
from paiban.compose.units import Unit, can_open, latin_only
from paiban.errors import Diagnostics
from paiban.text.classes import CharClass

#: Extra space per gap, in em, at which a line's badness is 100 (clreq's expansion: gaps open
#: evenly; a quarter em more between characters is where a proofreader starts to mark a line).
STRETCH_UNIT = 0.25
#: Badness of a stretched line above which the first-fit setting is searched again: an eighth of an
#: em more per gap (badness 12.5), well below what a proofreader marks (a quarter em, 100).
PRETOLERANCE = 12.5
#: Badness of a squeezed line above which it is searched again: marks squeezed unevenly by about
#: a fifth of their blank (the same measure as `_Adjust.squeeze_cost`).
SQUEEZE_PRETOLERANCE = 1.0
#: Extra space per gap, in em, beyond which a line is not tried in the bounded search.
TOLERANCE = 0.5
#: Extra space per gap, in em, of the first and narrowest search (TeX's first pass): an eighth of
#: an em, PRETOLERANCE's badness. Most settings it finds need nothing looser, and it tries a
#: third as many lines as a search a quarter em wide.
FIRST_TOLERANCE = 0.125
#: Extra space per gap, in em, beyond which page make-up is not offered a setting (a line looser
#: than this is what a proofreader marks as loose).
VARIANT_TOLERANCE = 0.25
#: Demerits of a break between a number and its unit (see `cohesion`): as dear as a line with half
#: an em more between its characters, the most the bounded search tries.
NUMBER_CUT = 1_000_000.0
#: Demerits of a paragraph's last line holding one character, and two characters.
LONE_LAST = 1_000_000.0
SHORT_LAST = 5_000.0
#: The demerits of a line set at its natural width, the least any line costs (`_line_cost`).
LEAST_LINE = 1.0
#: A line of Latin text only (a URL's pieces, a word) with no gap to justify is set flush left; it
#: costs as a justified line would whose slack were spread over this many gaps: a URL line two
#: ems short costs as a line a quarter em looser per gap, as TeX's \raggedright (a right skip that
#: stretches 2 em) would rate it, and a line holding a scrap of a word stays dear.
RAGGED_GAPS = 8
#: Demerits of a line ending at a hyphenation point, and more when the line before ended at one
#: too (TeX's \hyphenpenalty 50, squared, and \doublehyphendemerits).
HYPHEN = 2_500.0
DOUBLE_HYPHEN = 10_000.0
#: Lines of the first-fit setting before and after its faulty lines that the search may change;
#: when that window has no setting within tolerance, twice as many, then the whole paragraph.
WINDOW = 4
#: Units beyond the natural fit tried for push-in (each needs squeezing a further em: two marks'
#: whole blanks).
_PUSH_IN_REACH = 2

_MARKS = frozenset((CharClass.OPENING, CharClass.CLOSING, CharClass.PAUSE, CharClass.MIDDLE_DOT))


@dataclass(frozen=True, slots=True)
class _Costs:
    """Prefix sums the search needs beyond `_Measure`: pair compression and the gaps justification opens."""

    pairs: list[float]  # pairs[k]: width saved by setting adjacent marks as a pair, boundaries 1..k
    gaps: list[int]  # gaps[k]: justification gaps after units 0..k-1 (a tight unit opens none)
    inside: list[int]  # inside[k]: gaps justification may open inside units 0..k-1
    room: list[float]  # room[k]: how far the word spaces and Han–Latin gaps after units 0..k-1 may grow
    slots: list[int]  # slots[k]: how many of those there are
    give: list[int]  # indices of the units that may take part in squeezing (`line.givers`), ascending


def break_total_fit(units: list[Unit], cfg: ParagraphConfig, where: Where) -> tuple[list[Unit], list[Break]]:
    """The units (first-fit may cut a word) and line ends of the paragraph at least cost."""
    greedy_units = list(units)
    said = Diagnostics()  # first-fit's warnings count only if its setting is kept
    m = _Measure(units, cfg)  # (first-fit makes its own if it cuts a word, changing the units)
    greedy = break_lines(greedy_units, cfg, Where(where.source, said), m)
    if cfg.align != "justify" or len(greedy) < 2:
        return _kept(greedy_units, greedy, said, where)
    costs = _prefix_costs(units, cfg.size) if len(greedy_units) != len(units) else None
    if costs is not None:  # first-fit cut a word: its line ends are not those of `units`; search all
        whole = _search_widening(units, m, costs, cfg, 0, len(units))
        return (units, whole) if whole is not None else _kept(greedy_units, greedy, said, where)
    faults = _faults(units, m, greedy, cfg)
    if not faults:
        return _kept(greedy_units, greedy, said, where)
    costs = _prefix_costs(units, cfg.size)
    for reach in (WINDOW, 2 * WINDOW, len(greedy)):  # the lines around the faults, then more, then all
        first, last = max(faults[0] - reach, 0), min(faults[-1] + reach, len(greedy) - 1)
        start, end = greedy[first].start, greedy[last].end
        inside = _search_widening(units, m, costs, cfg, start, end)
        if inside is not None:
            return units, greedy[:first] + inside + greedy[last + 1:]
        if first == 0 and last == len(greedy) - 1:
            break
    return _kept(greedy_units, greedy, said, where)


def _kept(units: list[Unit], breaks: list[Break], said: Diagnostics, where: Where) -> tuple[list[Unit], list[Break]]:
    where.diagnostics.items.extend(said.items)
    return units, breaks


def _faults(units: list[Unit], m: _Measure, greedy: list[Break], cfg: ParagraphConfig) -> list[int]:
    """The lines of the first-fit setting with a fault or worse than its pretolerance, in order."""
    out = []
    last = len(greedy) - 1
    if _lone_last(units, greedy[-1].start, cfg) or _short_last(units, greedy[-1].start):
        out.append(last)
    for k, brk in enumerate(greedy):
        if brk.pushed == "forced" or cuts_number(units, brk.end):
            out.append(k)
            continue
        avail = cfg.width - (cfg.indent if k == 0 else 0.0)
        natural = m.natural(brk.start, brk.end)
        if natural > avail + EPS:  # (a pushed-in last line is squeezed too)
            if _end_takes(units, brk.end, natural - avail):
                continue  # the line-end mark's blank alone takes it: free (see `_line_cost`)
            line = units[brk.start : brk.end]
            if _shrink_cost(line, avail, cfg, k == 0) > SQUEEZE_PRETOLERANCE:
                out.append(k)
        elif avail - natural > EPS and k < last:
            gaps = justification_gaps(line := units[brk.start : brk.end])
            rooms = [r for r in (space_room(u, cfg.size) for u in line[:-1] if u.glue_kind) if r > 0]
            if not gaps or _open_badness(avail - natural, gaps, sum(rooms), len(rooms), cfg.size) > PRETOLERANCE:
                out.append(k)
    return sorted(set(out))


def _stretch_badness(per_gap_em: float) -> float:
    return 100.0 * (per_gap_em / STRETCH_UNIT) ** 3


def _stretch_demerits(per_gap_em: float) -> float:
    """The least demerits of a line whose gaps open by more than `per_gap_em` (see `_line_cost`)."""
    return (1.0 + _stretch_badness(per_gap_em)) ** 2


def _open_badness(slack: float, gaps: int, room: float, slots: int, em: float,
                  tolerance: float = float("inf")) -> float | None:
    """The badness of justifying a line short by `slack` pt, as commit does it: its `slots` word
    spaces and Han–Latin gaps take what they can (`room`), then every gap opens evenly. A space
    opened by some amount costs a quarter of what the gaps between characters opened by as much
    cost, being where a reader expects the give. None beyond `tolerance` em a gap."""
    spaces = min(slack, room)
    per_gap = (slack - spaces) / gaps / em
    if per_gap > tolerance:
        return None
    return _stretch_badness(per_gap) + (_stretch_badness(spaces / slots / em) / 4 if spaces > EPS else 0.0)


def _end_takes(units: list[Unit], b: int, need: float) -> bool:
    """Whether the blank of the mark ending a line at b alone takes up `need` pt: such a squeeze
    is free (as `squeeze_cost` has it), and the line needs no closer look."""
    return need <= units[b - 1].shrink_right + EPS and not units[b - 1].glue


def _shrink_cost(line: list[Unit], avail: float, cfg: ParagraphConfig, first: bool,
                 give: list[int] | None = None) -> float:
    """What squeezing the line to `avail` costs, as commit would squeeze it (inf if it cannot);
    `give`: the line's `givers`, when known."""
    adj = start_adjusted(line, cfg, first, give)
    width = _natural(line) - adj.left[0] - adj.squeeze_pairs()
    if width <= avail + EPS:
        return 0.0
    return adj.squeeze_cost(width - avail)


def _characters(units: list[Unit], start: int, most: int = 3) -> int:
    """Characters from unit `start` to the paragraph's end, marks not counted (a Latin word counts
    its letters): counted from the end, and only until there are `most`, which is all it takes to
    tell a last line of one or two characters from a longer one."""
    count = 0
    for k in range(len(units) - 1, start - 1, -1):
        u = units[k]
        if u.cls not in _MARKS:
            count += len(u.text)
            if count >= most:
                break
    return count


def _lone_last(units: list[Unit], start: int, cfg: ParagraphConfig) -> bool:
    return len(units) > 1 and cfg.align == "justify" and _characters(units, start) == 1


def _short_last(units: list[Unit], start: int) -> bool:
    return start > 0 and _characters(units, start) == 2


def _prefix_costs(units: list[Unit], em: float) -> _Costs:
    """The sums of `_Costs`, made in passes that look closer only at the few units that give
    (marks pair, glue widens)."""
    give = givers(units)
    rooms = [space_room(u, em) if u.glue_kind else 0.0 for u in units]
    saves = [0.0] * len(units)  # saves[k]: what pairing units k - 1 and k saves
    for k in give:  # (both marks of a pair give)
        a = units[k]
        if k + 1 < len(units) and a.mark and units[k + 1].mark and not a.glue:
            saves[k + 1] = a.shrink_right if a.shrink_right > EPS else units[k + 1].shrink_left
    return _Costs(
        pairs=list(accumulate(saves)),
        gaps=[0, *accumulate([0 if u.tight else 1 for u in units])],
        inside=[0, *accumulate([len(u.text) - 1 if u.stretch_inside else 0 for u in units])],
        room=[0.0, *accumulate(rooms)],
        slots=[0, *accumulate([1 if r > 0 else 0 for r in rooms])],
        give=give,
    )


def _line_cost(units: list[Unit], m: _Measure, costs: _Costs, cfg: ParagraphConfig, s: int, b: int,
               avail: float, tolerance: float) -> float | None:
    """Demerits of a line of units [s, b) in `avail` pt; None when it is not to be tried."""
    n = len(units)
    last = b == n
    natural = m.natural(s, b) - (costs.pairs[b - 1] - costs.pairs[s])
    if cfg.cjk.line_end_punct == "half" and not last:
        natural -= units[b - 1].shrink_right
    if natural > avail + EPS:
        if _end_takes(units, b, natural - avail):
            badness = 0.0
        else:
            give = costs.give
            badness = _shrink_cost(units[s:b], avail, cfg, s == 0,
                                   [i - s for i in give[bisect_left(give, s):bisect_left(give, b)]])
            if badness == float("inf"):
                return None
    elif last:
        badness = 0.0
    else:
        slack = avail - natural
        gaps = costs.gaps[b - 1] - costs.gaps[s] + costs.inside[b] - costs.inside[s]
        if slack > EPS and not gaps and latin_only(units[s:b]):  # set flush left, never letter-spaced
            per_gap = slack / RAGGED_GAPS / cfg.size
            if per_gap > tolerance:
                return None
            badness = _stretch_badness(per_gap)
        elif b - s == 1 and not can_open(units[s]):
            return None if slack > EPS else 1.0
        elif not gaps:
            return None if slack > EPS else 1.0
        else:
            badness = _open_badness(slack, gaps, costs.room[b - 1] - costs.room[s],
                                    costs.slots[b - 1] - costs.slots[s], cfg.size, tolerance)
            if badness is None:
                return None
    demerits = (1.0 + badness) ** 2
    if last:
        if _lone_last(units, s, cfg):
            demerits += LONE_LAST
        elif _short_last(units, s):
            demerits += SHORT_LAST
    elif cuts_number(units, b):
        demerits += NUMBER_CUT
    if not last and units[b - 1].hyphen:
        demerits += DOUBLE_HYPHEN + HYPHEN if s > 0 and units[s - 1].hyphen else HYPHEN
    return demerits


def _search_widening(units: list[Unit], m: _Measure, costs: _Costs, cfg: ParagraphConfig, start: int,
                     end: int) -> list[Break] | None:
    """The search with lines at most a quarter em loose, then half an em, then any: a narrow
    search is much quicker, and its answer stands unless it had to keep a fault (a number cut from
    its unit, a lone last character) that a looser line elsewhere would avoid.

    Before these, a search with lines at most FIRST_TOLERANCE loose: every line it leaves out costs
    at least `_stretch_demerits(FIRST_TOLERANCE)` alone, so when its setting costs less than that
    in all, no setting with such a line can match it, and the quarter-em search would find the
    same line ends (the same best cost at every position that can lead to it, reached first from
    the same place). Then it is the answer, found at a third of the work."""
    found = _search(units, m, costs, cfg, FIRST_TOLERANCE, start, end)
    if found is not None and found[0] < _stretch_demerits(FIRST_TOLERANCE):
        return found[1]
    for tolerance in (VARIANT_TOLERANCE, TOLERANCE, float("inf")):
        found = _search(units, m, costs, cfg, tolerance, start, end)
        if found is not None and found[0] < NUMBER_CUT:
            return found[1]
    return found[1] if found is not None else None


def _search(units: list[Unit], m: _Measure, costs: _Costs, cfg: ParagraphConfig, tolerance: float,
            start: int = 0, end: int | None = None) -> tuple[float, list[Break]] | None:
    """The cheapest allowed line ends from unit `start` to `end` (a shortest path over break
    positions; the lines before and after stay as they are) and their demerits, or None."""
    n = len(units)
    end = n if end is None else end
    level = cfg.cjk.kinsoku
    inf = float("inf")
    best = [inf] * (n + 1)
    back = [-1] * (n + 1)
    best[start] = 0.0
    for s in range(start, end):
        here = best[s]
        if here == inf:
            continue
        avail = cfg.width - (cfg.indent if s == 0 else 0.0)
        fit = m.last_fitting(s, avail)
        for b in _candidates(m, costs, s, fit, avail, n, cfg.size, tolerance):
            # no line costs less than one set at its natural width: a line that could not beat
            # the best way to b even so is not costed
            if b > end or here + LEAST_LINE >= best[b] or (b < n and not _allowed(units, b, level)):
                continue
            d = _line_cost(units, m, costs, cfg, s, b, avail, tolerance)
            if d is not None and here + d < best[b]:
                best[b] = here + d
                back[b] = s
    if best[end] == inf:
        return None
    ends = []
    b = end
    while b > start:
        ends.append(b)
        b = back[b]
    ends.reverse()
    starts = [start, *ends[:-1]]
    fits = [m.last_fitting(s, cfg.width - (cfg.indent if s == 0 else 0.0)) for s in starts]
    return best[end], [Break(s, b, "in" if b > fit else "out" if b < fit and b < n else "")
                       for s, b, fit in zip(starts, ends, fits)]


def _candidates(m: _Measure, costs: _Costs, s: int, fit: int, avail: float, n: int, em: float,
                tolerance: float) -> range:
    """Line ends to try from s: from the loosest within tolerance to the tightest push-in.

    Going back from the natural fit, the slack only grows and the gaps only get fewer, so the
    first end whose slack (less all its spaces could take) would open even an upper bound of its
    gaps beyond the tolerance ends the search: every shorter line is looser still.
    """
    hi = fit
    while hi < n and hi - fit < _PUSH_IN_REACH and m.minimum(s, hi + 1) <= avail + EPS:
        hi += 1
    lo = s + 1
    if tolerance != float("inf"):
        lo = min(fit, n)
        while lo > s + 1:
            b = lo - 1
            slack = avail - m.natural(s, b) - (costs.room[b - 1] - costs.room[s])
            gaps = max(b - s - 1 + costs.inside[b] - costs.inside[s], RAGGED_GAPS)
            if slack / gaps / em > tolerance:
                break
            lo = b
    return range(min(hi, n), lo - 1, -1)


def break_variants(units: list[Unit], cfg: ParagraphConfig,
                   spread: int = 1) -> dict[int, tuple[float, list[Break]]]:
    """The cheapest settings of the paragraph with each line count within `spread` of its best one.

    This is the material of page make-up (缩行 and 伸行: a paragraph set a line shorter or longer so
    that a page ends without a hole or a stranded line). Only settings within TOLERANCE, with no
    lone last character and no line looser than VARIANT_TOLERANCE, are offered, each with its
    demerits: a line count the paragraph cannot reach decently is absent.
    The search keeps, at every break position, the cheapest path for each number of lines so far.
    """
    if cfg.align != "justify" or not units:
        return {}
    m = _Measure(units, cfg)
    costs = _prefix_costs(units, cfg.size)
    n = len(units)
    level = cfg.cjk.kinsoku
    paths: list[dict[int, tuple[float, int]]] = [{} for _ in range(n + 1)]
    paths[0][0] = (0.0, -1)
    for s in range(n):
        if not paths[s]:
            continue
        avail = cfg.width - (cfg.indent if s == 0 else 0.0)
        fit = m.last_fitting(s, avail)
        for b in _candidates(m, costs, s, fit, avail, n, cfg.size, VARIANT_TOLERANCE):
            if b < n and not _allowed(units, b, level):
                continue
            d = _line_cost(units, m, costs, cfg, s, b, avail, VARIANT_TOLERANCE)
            if d is None:
                continue
            here = paths[b]
            for k, (cost, _) in paths[s].items():
                total = cost + d
                if total < here.get(k + 1, (float("inf"), 0))[0]:
                    here[k + 1] = (total, s)
    ends = paths[n]
    if not ends:
        return {}
    best = min(ends, key=lambda k: ends[k][0])
    out: dict[int, tuple[float, list[Break]]] = {}
    for count in range(best - spread, best + spread + 1):
        if count not in ends or ends[count][0] >= LONE_LAST:
            continue
        marks = []
        b, k = n, count
        while b > 0:
            marks.append(b)
            b = paths[b][k][1]
            k -= 1
        marks.reverse()
        starts = [0, *marks[:-1]]
        fits = [m.last_fitting(s, cfg.width - (cfg.indent if s == 0 else 0.0)) for s in starts]
        out[count] = (ends[count][0], [Break(s, b, "in" if b > fit else "out" if b < fit and b < n else "")
                                       for s, b, fit in zip(starts, marks, fits)])
    return out
