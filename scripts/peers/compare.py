#!/usr/bin/env python3
"""Run Berkut's screening queries through two outside peers and report them
side by side with Berkut's own results.

Peers:
  * rapidfuzz `process.extract(name, all_watchlist_names, scorer=WRatio,
    limit=5)`, brute force over every watchlist name, per traveller name.
    Two flavours: `raw` (names as written, `utils.default_process`) and
    `ascii` (raw names plus rigour's `ascii_text` romanisation of every name
    on both sides, so a Cyrillic register entry has a Latin form to hit).
  * OpenSanctions nomenklatura `LogicV2` (yente's default `logic-v2`
    algorithm) over followthemoney Person entities. Scoring the whole
    watchlist per traveller is too slow, so each traveller is scored against
    (a) its expected entry from the truth file (recall, oracle retrieval) and
    (b) the rapidfuzz top-5 candidate entries (false referrals).

Modes:
  compare.py [screen] --watchlist W.jsonl --travellers T.jsonl --truth TRUTH.jsonl
                      [--berkut RESULTS.jsonl] [--limit N] [--json OUT.json] [--details]
  compare.py pairs --pairs P.jsonl [--json OUT.json]

Input formats are the shared JSONL formats of /work/shared/DESIGN.md.
Run with the interpreter of the venv made by scripts/peers/setup.sh.
Nothing is downloaded at run time.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from importlib.metadata import version
from typing import Any, Iterable, Iterator

from followthemoney import model
from followthemoney.proxy import EntityProxy
from nomenklatura.matching import LogicV2
from nomenklatura.matching.types import ScoringConfig
from rapidfuzz import fuzz, process, utils
from rigour.text import ascii_text

RF_LIMIT = 5
SEX_TO_GENDER = {"M": "male", "F": "female", "MALE": "male", "FEMALE": "female"}


# ---------------------------------------------------------------- input ----


def same_entry(berkut_id, expected):
    """Berkut names entries `SOURCE:ID` (`national_register:W-1`); truth files name the register id."""
    if berkut_id is None or expected is None:
        return False
    return berkut_id == expected or berkut_id.split(":", 1)[-1] == expected

def read_jsonl(path: str) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as e:
                raise SystemExit(f"{path}:{n}: not JSON: {e}")


def name_strings(names: Iterable[Any]) -> list[str]:
    """Flatten `names` (strings or {given, family, patronymic}) into strings.

    A structured name becomes "given patronymic family" (the order a passport
    or a Russian register prints it in, apart from the family-first form)."""
    out: list[str] = []
    for n in names or []:
        if isinstance(n, str):
            s = n.strip()
        elif isinstance(n, dict):
            s = " ".join(
                str(n[k]).strip() for k in ("given", "patronymic", "family") if n.get(k)
            )
        else:
            s = ""
        if s and s not in out:
            out.append(s)
    return out


def person_entity(rec: dict[str, Any], entity_id: str) -> EntityProxy:
    """A followthemoney Person from a Person or Traveller JSONL record.

    entity_id must be unique per distinct record: nomenklatura caches the
    analysed names of an entity by its id alone."""
    e = model.make_entity("Person")
    e.id = entity_id
    for n in rec.get("names") or []:
        if isinstance(n, dict):
            e.add("firstName", n.get("given"), quiet=True)
            e.add("lastName", n.get("family"), quiet=True)
            e.add("fatherName", n.get("patronymic"), quiet=True)
    for s in name_strings(rec.get("names")):
        e.add("name", s, quiet=True)
    dates = list(rec.get("birth_dates") or [])
    if rec.get("birth_date"):
        dates.append(rec["birth_date"])
    for d in dates:
        e.add("birthDate", d, quiet=True)
    nats = list(rec.get("nationalities") or [])
    if rec.get("nationality"):
        nats.append(rec["nationality"])
    for c in nats:
        e.add("nationality", c, quiet=True)
    sex = SEX_TO_GENDER.get(str(rec.get("sex") or "").upper())
    if sex:
        e.add("gender", sex, quiet=True)
    docs = list(rec.get("documents") or [])
    if isinstance(rec.get("document"), dict):
        docs.append(rec["document"])
    for d in docs:
        number = d.get("number")
        if not number:
            continue
        prop = "passportNumber" if str(d.get("type") or "P").upper().startswith("P") else "idNumber"
        e.add(prop, number, quiet=True)
    return e


# ---------------------------------------------------------------- peers ----

class RapidfuzzIndex:
    """All watchlist names as one flat list of choices, pre-processed once."""

    def __init__(self, watchlist: list[dict[str, Any]], mode: str):
        self.mode = mode
        self.choices: list[str] = []
        self.owner: list[str] = []
        for rec in watchlist:
            seen: set[str] = set()
            for s in name_strings(rec.get("names")):
                for form in self.forms(s):
                    if form and form not in seen:
                        seen.add(form)
                        self.choices.append(form)
                        self.owner.append(rec["id"])

    def forms(self, s: str) -> list[str]:
        forms = [utils.default_process(s)]
        if self.mode == "ascii":
            forms.append(utils.default_process(ascii_text(s)))
        return forms

    def search(self, names: list[str]) -> list[tuple[str, float]]:
        """Top candidate entries (entry id, best WRatio) over all query names."""
        best: dict[str, float] = {}
        for q in names:
            for form in dict.fromkeys(self.forms(q)):
                if not form:
                    continue
                for _choice, score, idx in process.extract(
                    form, self.choices, scorer=fuzz.WRatio, processor=None, limit=RF_LIMIT
                ):
                    entry = self.owner[idx]
                    if score > best.get(entry, -1.0):
                        best[entry] = score
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        return ranked[:RF_LIMIT]


def rapidfuzz_scale(index: RapidfuzzIndex, travellers: list[dict[str, Any]], size: int, queries: int) -> dict[str, Any]:
    """Timing only: the same brute-force search over `size` name strings, made
    by repeating the watchlist's own strings (string lengths and the score
    distribution stay those of the real list), for the first `queries`
    travellers. Quality is not measured here."""
    reps = -(-size // max(len(index.choices), 1))
    big = RapidfuzzIndex([], index.mode)
    big.choices = (index.choices * reps)[:size]
    big.owner = (index.owner * reps)[:size]
    sample = travellers[:queries]
    t = time.perf_counter()
    for tr in sample:
        big.search(name_strings(tr.get("names")))
    seconds = time.perf_counter() - t
    return {"name_strings": len(big.choices), "queries": len(sample), "seconds": seconds,
            "queries_per_second": len(sample) / seconds if seconds else None}


def rapidfuzz_pair_score(a: list[str], b: list[str], mode: str) -> float:
    def forms(s: str) -> list[str]:
        f = [utils.default_process(s)]
        if mode == "ascii":
            f.append(utils.default_process(ascii_text(s)))
        return f

    best = 0.0
    for x in a:
        for y in b:
            for fx in forms(x):
                for fy in forms(y):
                    best = max(best, fuzz.WRatio(fx, fy))
    return best


class LogicV2Scorer:
    def __init__(self) -> None:
        self.config = ScoringConfig.defaults()
        self.pairs = 0
        self.seconds = 0.0

    def warm_up(self) -> float:
        """The first call loads rigour's name corpus; time it separately."""
        a = person_entity({"names": ["Warm Up"]}, "__warmup_a")
        b = person_entity({"names": ["Разогрев"]}, "__warmup_b")
        t = time.perf_counter()
        LogicV2.compare(a, b, self.config)
        return time.perf_counter() - t

    def score(self, query: EntityProxy, result: EntityProxy) -> tuple[float, str]:
        t = time.perf_counter()
        r = LogicV2.compare(query, result, self.config)
        self.seconds += time.perf_counter() - t
        self.pairs += 1
        nm = r.explanations.get("name_match")
        return r.score, (nm.detail if nm is not None else "")


# -------------------------------------------------------------- metrics ----

@dataclass
class Outcome:
    referred: bool
    found: bool  # expected entry referred (listed travellers)
    top: str | None = None
    top_score: float | None = None
    expected_score: float | None = None


@dataclass
class System:
    name: str
    note: str = ""
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    queries: int = 0
    seconds: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def summarise(sys_: System, truth: "OrderedDict[str, dict[str, Any]]", ids: list[str]) -> dict[str, Any]:
    kinds: dict[str, list[int]] = {"listed": [0, 0], "clear": [0, 0], "namesake": [0, 0]}
    by_var: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missing = 0
    for tid in ids:
        t = truth[tid]
        o = sys_.outcomes.get(tid)
        if o is None:
            missing += 1
            continue
        kind = t["kind"]
        if kind == "listed":
            kinds[kind][0] += 1
            kinds[kind][1] += int(o.found)
            # berkut-gen joins several tags with "+"; count each tag on its own
            for tag in (t.get("variation") or "-").split("+"):
                v = by_var[tag]
                v[0] += 1
                v[1] += int(not o.found)
        elif kind in kinds:
            kinds[kind][0] += 1
            kinds[kind][1] += int(o.referred)

    def rate(pair: list[int]) -> float | None:
        return pair[1] / pair[0] if pair[0] else None

    out = {
        "system": sys_.name,
        "note": sys_.note,
        "listed": kinds["listed"][0],
        "listed_found": kinds["listed"][1],
        "recall": rate(kinds["listed"]),
        "clear": kinds["clear"][0],
        "clear_referred": kinds["clear"][1],
        "false_referral_rate": rate(kinds["clear"]),
        "namesake": kinds["namesake"][0],
        "namesake_referred": kinds["namesake"][1],
        "namesake_referral_rate": rate(kinds["namesake"]),
        "misses_by_variation": {k: {"n": v[0], "missed": v[1]} for k, v in sorted(by_var.items())},
        "missing_results": missing,
        "queries": sys_.queries,
        "seconds": sys_.seconds,
        "queries_per_second": (sys_.queries / sys_.seconds) if sys_.seconds else None,
    }
    out.update(sys_.extra)
    return out


def fmt_rate(n: int, k: int, r: float | None) -> str:
    return "n/a" if r is None else f"{100 * r:.1f} % ({k}/{n})"


def fmt_num(x: float | None, spec: str) -> str:
    return "n/a" if x is None else format(x, spec)


# --------------------------------------------------------------- screen ----

def run_screen(args: argparse.Namespace) -> int:
    watchlist = list(read_jsonl(args.watchlist))
    travellers_all = list(read_jsonl(args.travellers))
    truth: OrderedDict[str, dict[str, Any]] = OrderedDict((t["id"], t) for t in read_jsonl(args.truth))

    skipped_mrz = [t["id"] for t in travellers_all if not name_strings(t.get("names"))]
    travellers = [t for t in travellers_all if name_strings(t.get("names"))]
    no_truth = [t["id"] for t in travellers if t["id"] not in truth]
    travellers = [t for t in travellers if t["id"] in truth]
    if args.limit is not None:
        travellers = travellers[: args.limit]
    ids = [t["id"] for t in travellers]
    wl_by_id = {w["id"]: w for w in watchlist}

    modes = [m for m in args.rapidfuzz_modes.split(",") if m]
    systems: list[System] = []

    # rapidfuzz, brute force
    rf_candidates: dict[str, set[str]] = defaultdict(set)
    rf_names = 0
    for mode in modes:
        t0 = time.perf_counter()
        index = RapidfuzzIndex(watchlist, mode)
        build = time.perf_counter() - t0
        rf_names = max(rf_names, len(index.choices))
        s = System(
            f"rapidfuzz WRatio ({mode})",
            note=f"brute force over {len(index.choices)} name strings, threshold {args.threshold_rapidfuzz:g}",
        )
        seconds = 0.0
        for t in travellers:
            exp = truth[t["id"]].get("expect")
            t1 = time.perf_counter()
            ranked = index.search(name_strings(t.get("names")))
            seconds += time.perf_counter() - t1
            rf_candidates[t["id"]].update(e for e, _ in ranked)
            above = {e: sc for e, sc in ranked if sc >= args.threshold_rapidfuzz}
            s.outcomes[t["id"]] = Outcome(
                referred=bool(above),
                found=exp in above,
                top=ranked[0][0] if ranked else None,
                top_score=ranked[0][1] if ranked else None,
                expected_score=dict(ranked).get(exp),
            )
        s.queries, s.seconds = len(travellers), seconds
        s.extra = {"index_build_seconds": build, "choices": len(index.choices)}
        if args.rapidfuzz_scale:
            s.extra["scale"] = rapidfuzz_scale(index, travellers, args.rapidfuzz_scale, args.rapidfuzz_scale_queries)
        systems.append(s)

    # logic-v2 on (a) the expected entry and (b) rapidfuzz top-5 candidates
    if not args.no_logicv2:
        scorer = LogicV2Scorer()
        warm = scorer.warm_up()
        wl_entities = {w["id"]: person_entity(w, f"W:{w['id']}") for w in watchlist}
        oracle = System(
            "logic-v2 (expected entry + rapidfuzz top-5)",
            note=f"nomenklatura LogicV2, threshold {args.threshold_logicv2:g}; "
            "recall scored against the expected entry (oracle retrieval)",
        )
        piped = System(
            "logic-v2 on rapidfuzz top-5 only",
            note="same scores, but the expected entry counts only if rapidfuzz retrieved it",
        )
        seconds = 0.0
        for t in travellers:
            exp = truth[t["id"]].get("expect")
            query = person_entity(t, f"T:{t['id']}")
            cands = list(dict.fromkeys(([exp] if exp in wl_entities else []) + sorted(rf_candidates[t["id"]])))
            t1 = time.perf_counter()
            scores = {c: scorer.score(query, wl_entities[c])[0] for c in cands if c in wl_entities}
            seconds += time.perf_counter() - t1
            above = {c for c, sc in scores.items() if sc >= args.threshold_logicv2}
            top = max(scores.items(), key=lambda kv: kv[1]) if scores else (None, None)
            oracle.outcomes[t["id"]] = Outcome(
                referred=bool(above), found=exp in above, top=top[0], top_score=top[1],
                expected_score=scores.get(exp),
            )
            retrieved = {c for c in above if c in rf_candidates[t["id"]]}
            ptop = max(((c, scores[c]) for c in rf_candidates[t["id"]] if c in scores), key=lambda kv: kv[1], default=(None, None))
            piped.outcomes[t["id"]] = Outcome(
                referred=bool(retrieved), found=exp in retrieved, top=ptop[0], top_score=ptop[1],
                expected_score=scores.get(exp) if exp in rf_candidates[t["id"]] else None,
            )
        for s in (oracle, piped):
            s.queries, s.seconds = len(travellers), seconds
        oracle.extra = {
            "pairs_scored": scorer.pairs,
            "pair_seconds": scorer.seconds,
            "ms_per_pair": 1000 * scorer.seconds / scorer.pairs if scorer.pairs else None,
            "warm_up_seconds": warm,
        }
        piped.extra = {"throughput_note": "same run as the row above; excludes the rapidfuzz retrieval time"}
        systems.extend([oracle, piped])

    # Berkut's own results
    if args.berkut:
        res = {r["id"]: r for r in read_jsonl(args.berkut)}
        s = System("Berkut", note=f"from {args.berkut}; referred = REFER or DENY")
        for tid in ids:
            r = res.get(tid)
            if r is None:
                continue
            exp = truth[tid].get("expect")
            matches = r.get("matches") or []
            referred = r.get("decision") in ("REFER", "DENY")
            s.outcomes[tid] = Outcome(
                referred=referred,
                found=referred and any(same_entry(m.get("entry_id"), exp) for m in matches),
                top=matches[0].get("entry_id") if matches else None,
                top_score=matches[0].get("score") if matches else None,
                expected_score=next((m.get("score") for m in matches if same_entry(m.get("entry_id"), exp)), None),
            )
        s.queries = len(s.outcomes)
        s.seconds = args.berkut_seconds
        s.extra = {"deny": sum(1 for tid in ids if (res.get(tid) or {}).get("decision") == "DENY")}
        systems.insert(0, s)

    summaries = [summarise(s, truth, ids) for s in systems]
    report = {
        "inputs": {
            "watchlist": args.watchlist, "watchlist_entries": len(watchlist),
            "watchlist_name_strings": rf_names,
            "travellers": args.travellers, "traveller_lines": len(travellers_all),
            "screened": len(travellers), "skipped_mrz_only": len(skipped_mrz),
            "skipped_no_truth": len(no_truth), "limit": args.limit,
            "truth": args.truth,
        },
        "thresholds": {"rapidfuzz_wratio": args.threshold_rapidfuzz, "logic_v2": args.threshold_logicv2},
        "versions": peer_versions(),
        "systems": summaries,
    }
    if args.details:
        report["details"] = details(systems, truth, ids)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(report, f, ensure_ascii=False, indent=2)
    print(markdown_screen(report, args.details))
    return 0


def details(systems: list[System], truth: "OrderedDict[str, dict[str, Any]]", ids: list[str]) -> list[dict[str, Any]]:
    rows = []
    for tid in ids:
        t = truth[tid]
        row: dict[str, Any] = {"id": tid, "kind": t["kind"], "variation": t.get("variation"), "expect": t.get("expect")}
        for s in systems:
            o = s.outcomes.get(tid)
            if o is not None:
                row[s.name] = {"referred": o.referred, "found": o.found, "top": o.top,
                               "top_score": o.top_score, "expected_score": o.expected_score}
        rows.append(row)
    return rows


def peer_versions() -> dict[str, str]:
    out = {"python": sys.version.split()[0]}
    for pkg in ("rapidfuzz", "nomenklatura", "followthemoney", "rigour"):
        try:
            out[pkg] = version(pkg)
        except Exception:  # noqa: BLE001 - a missing package is reported, not fatal
            out[pkg] = "not installed"
    return out


def markdown_screen(rep: dict[str, Any], with_details: bool) -> str:
    i = rep["inputs"]
    lines = [
        f"Watchlist: {i['watchlist_entries']} entries ({i['watchlist_name_strings']} name strings incl. romanised forms). "
        f"Travellers: {i['traveller_lines']} lines, {i['screened']} screened, "
        f"{i['skipped_mrz_only']} MRZ-only lines skipped by the peers, {i['skipped_no_truth']} without truth skipped"
        + (f", --limit {i['limit']}" if i["limit"] is not None else "") + ".",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in rep["versions"].items()) + ".",
        "",
        "| system | recall on listed | false referrals on clear | namesakes referred | queries/s | wall clock (s) |",
        "|---|---|---|---|---|---|",
    ]
    for s in rep["systems"]:
        lines.append(
            f"| {s['system']} | {fmt_rate(s['listed'], s['listed_found'], s['recall'])} | "
            f"{fmt_rate(s['clear'], s['clear_referred'], s['false_referral_rate'])} | "
            f"{fmt_rate(s['namesake'], s['namesake_referred'], s['namesake_referral_rate'])} | "
            f"{fmt_num(s['queries_per_second'], '.1f')} | {fmt_num(s['seconds'], '.3f')} |"
        )
    lines.append("")
    for s in rep["systems"]:
        extra = []
        if s.get("ms_per_pair") is not None:
            extra.append(f"{s['pairs_scored']} pairs, {s['ms_per_pair']:.2f} ms/pair, first-call warm-up {s['warm_up_seconds']:.2f} s (not counted)")
        if s.get("scale"):
            sc = s["scale"]
            extra.append(f"scaled brute force over {sc['name_strings']} name strings: {sc['queries']} queries in {sc['seconds']:.2f} s = **{sc['queries_per_second']:.2f} queries/s**")
        if s.get("index_build_seconds") is not None:
            extra.append(f"choice list built in {s['index_build_seconds']:.3f} s (not counted)")
        if s.get("missing_results"):
            extra.append(f"{s['missing_results']} travellers without a result line")
        lines.append(f"- **{s['system']}**: {s['note']}" + ("; " + "; ".join(extra) if extra else "") + ".")
    lines.append("")
    variations = sorted({v for s in rep["systems"] for v in s["misses_by_variation"]})
    if variations:
        lines.append("Misses on listed travellers by variation tag (missed / n; a traveller with several `+`-joined tags counts under each):")
        lines.append("")
        lines.append("| variation | " + " | ".join(s["system"] for s in rep["systems"]) + " |")
        lines.append("|---|" + "---|" * len(rep["systems"]))
        for v in variations:
            cells = []
            for s in rep["systems"]:
                m = s["misses_by_variation"].get(v)
                cells.append(f"{m['missed']}/{m['n']}" if m else "-")
            lines.append(f"| {v} | " + " | ".join(cells) + " |")
    if with_details and rep.get("details"):
        names = [s["system"] for s in rep["systems"]]
        lines += ["", "Per traveller (top candidate and score; `*` = referred; expected entry's score in brackets when it is not the top candidate, `(–)` = not among the candidates):", ""]
        lines.append("| traveller | kind | variation | expect | " + " | ".join(names) + " |")
        lines.append("|---|---|---|---|" + "---|" * len(names))
        for row in rep["details"]:
            cells = []
            for n in names:
                o = row.get(n)
                if o is None:
                    cells.append("-")
                    continue
                sc = "" if o["top_score"] is None else f" {o['top_score']:.2f}" if o["top_score"] <= 1.0 else f" {o['top_score']:.0f}"
                es = ""
                if row["expect"] and o["top"] != row["expect"]:
                    v = o["expected_score"]
                    es = " (–)" if v is None else f" ({v:.2f})" if v <= 1.0 else f" ({v:.0f})"
                cells.append(f"{'*' if o['referred'] else ''}{o['top'] or '–'}{sc}{es}")
            lines.append(f"| {row['id']} | {row['kind']} | {row['variation'] or ''} | {row['expect'] or ''} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# ---------------------------------------------------------------- pairs ----

def run_pairs(args: argparse.Namespace) -> int:
    pairs = list(read_jsonl(args.pairs))
    scorer = LogicV2Scorer()
    warm = scorer.warm_up()
    modes = [m for m in args.rapidfuzz_modes.split(",") if m]
    rows = []
    rf_seconds = 0.0
    for n, p in enumerate(pairs):
        a, b = p.get("a") or {}, p.get("b") or {}
        lv2, detail = scorer.score(person_entity(a, f"P{n}:a"), person_entity(b, f"P{n}:b"))
        row = {"n": n, "a": name_strings(a.get("names")), "b": name_strings(b.get("names")),
               "match": p.get("match"), "logic_v2": lv2, "logic_v2_detail": detail}
        for mode in modes:
            t = time.perf_counter()
            row[f"rapidfuzz_{mode}"] = rapidfuzz_pair_score(row["a"], row["b"], mode)
            rf_seconds += time.perf_counter() - t
        rows.append(row)

    def prf(key: str, thr: float) -> dict[str, Any]:
        tp = fp = fn = tn = 0
        for r in rows:
            if r["match"] is None:
                continue
            pred = r[key] >= thr
            tp += pred and r["match"]
            fp += pred and not r["match"]
            fn += (not pred) and r["match"]
            tn += (not pred) and not r["match"]
        prec = tp / (tp + fp) if tp + fp else None
        rec = tp / (tp + fn) if tp + fn else None
        f1 = 2 * prec * rec / (prec + rec) if prec and rec else (0.0 if prec is not None and rec is not None else None)
        return {"system": key, "threshold": thr, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
                "precision": prec, "recall": rec, "f1": f1}

    metrics = [prf("logic_v2", args.threshold_logicv2)] + [
        prf(f"rapidfuzz_{m}", args.threshold_rapidfuzz) for m in modes
    ]
    report = {
        "pairs": len(pairs), "labelled": sum(1 for r in rows if r["match"] is not None),
        "versions": peer_versions(), "metrics": metrics, "rows": rows,
        "timing": {"logic_v2_ms_per_pair": 1000 * scorer.seconds / max(scorer.pairs, 1),
                   "logic_v2_warm_up_seconds": warm,
                   "rapidfuzz_ms_per_pair_all_modes": 1000 * rf_seconds / max(len(rows), 1)},
    }
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(report, f, ensure_ascii=False, indent=2)
    out = [f"{report['pairs']} pairs, {report['labelled']} labelled. Versions: "
           + ", ".join(f"{k} {v}" for k, v in report["versions"].items()) + ".", "",
           "| a | b | match | logic-v2 | " + " | ".join(f"WRatio {m}" for m in modes) + " |",
           "|---|---|---|---|" + "---|" * len(modes)]
    for r in rows:
        out.append(f"| {' / '.join(r['a'])} | {' / '.join(r['b'])} | {r['match']} | {r['logic_v2']:.3f} | "
                   + " | ".join(f"{r[f'rapidfuzz_{m}']:.1f}" for m in modes) + " |")
    out += ["", "| system | threshold | TP | FP | FN | TN | precision | recall | F1 |", "|---|---|---|---|---|---|---|---|---|"]
    for m in metrics:
        out.append(f"| {m['system']} | {m['threshold']:g} | {m['tp']} | {m['fp']} | {m['fn']} | {m['tn']} | "
                   f"{fmt_num(m['precision'], '.3f')} | {fmt_num(m['recall'], '.3f')} | {fmt_num(m['f1'], '.3f')} |")
    t = report["timing"]
    out += ["", f"logic-v2 {t['logic_v2_ms_per_pair']:.2f} ms/pair (first-call warm-up {t['logic_v2_warm_up_seconds']:.2f} s not counted); "
            f"rapidfuzz {t['rapidfuzz_ms_per_pair_all_modes']:.3f} ms/pair over all modes."]
    print("\n".join(out))
    return 0


# ----------------------------------------------------------------- main ----

def common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--threshold-rapidfuzz", type=float, default=90.0, help="WRatio 0-100 (default 90)")
    p.add_argument("--threshold-logicv2", type=float, default=0.7, help="logic-v2 0-1 (default 0.7, yente's)")
    p.add_argument("--rapidfuzz-modes", default="raw,ascii",
                   help="comma list of raw (names as written) and ascii (plus rigour ascii_text forms)")
    p.add_argument("--json", help="also write the full report as JSON to this path")


def main(argv: list[str]) -> int:
    if argv and argv[0] == "pairs":
        p = argparse.ArgumentParser(prog="compare.py pairs", description="Score labelled person pairs with the peers.")
        p.add_argument("--pairs", required=True, help='JSONL: {"a": PERSON, "b": PERSON, "match": true|false|null}')
        common(p)
        return run_pairs(p.parse_args(argv[1:]))
    if argv and argv[0] == "screen":
        argv = argv[1:]
    p = argparse.ArgumentParser(prog="compare.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--watchlist", required=True)
    p.add_argument("--travellers", required=True)
    p.add_argument("--truth", required=True)
    p.add_argument("--berkut", help="Berkut screening results JSONL")
    p.add_argument("--berkut-seconds", type=float, help="wall clock Berkut took for those results (for queries/s)")
    p.add_argument("--limit", type=int, help="screen only the first N travellers with names")
    p.add_argument("--rapidfuzz-scale", type=int, metavar="N",
                   help="also time rapidfuzz brute force over N name strings (the list's own strings repeated)")
    p.add_argument("--rapidfuzz-scale-queries", type=int, default=20, metavar="Q",
                   help="travellers timed in the --rapidfuzz-scale run (default 20)")
    p.add_argument("--no-logicv2", action="store_true", help="skip logic-v2")
    p.add_argument("--details", action="store_true", help="add a per-traveller table")
    common(p)
    return run_screen(p.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
