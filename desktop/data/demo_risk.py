"""Demo data: risk assessments that rise, fall, plateau or spike."""

from __future__ import annotations

from datetime import date, timedelta

from desktop.data import demo_text as txt
from desktop.data import tables as t
from desktop.data.demo_setup import ARCHETYPE, _Person
from desktop.data.demo_writer import _GeneratorBase
from desktop.domain.enums import ItemTiming, RiskCategory
from desktop.domain.records import InstrumentBand, ItemAnswer
from desktop.domain.risk import band_for_score, score_assessment


class _RiskPart(_GeneratorBase):
    """Risk assessments and their answers."""

    # -- risk -----------------------------------------------------------------------------

    def _targets(self, kind: str, n: int) -> list[float]:
        """Target scores for n assessments following one trajectory archetype."""
        r = self.rng
        if n == 1:
            return [self.ri(3, 20)]
        steps = [k / (n - 1) for k in range(n)]
        if kind == "rising":
            lo, hi = self.ri(2, 7), self.ri(15, 24)
            return [lo + (hi - lo) * s for s in steps]
        if kind == "falling":
            hi, lo = self.ri(15, 24), self.ri(1, 6)
            return [hi + (lo - hi) * s for s in steps]
        if kind == "spike" and n >= 3:
            base, peak = self.ri(3, 8), self.ri(16, 25)
            top = self.ri(1, n - 2)
            return [
                base if k < top else peak - (peak - base) * (k - top) / (n - 1 - top)
                for k in range(n)
            ]
        level = r.choice((self.ri(2, 5), self.ri(7, 10), self.ri(11, 15), self.ri(16, 21)))
        return [level] * n

    def _answers(self, plan: dict[str, list[str]], target: int) -> dict[str, ItemTiming]:
        """Ticks items, a person's usual ones first, until the weights reach about `target`."""
        w, out, rem = self.seraf.weights, {}, target
        for code in plan["vulnerability"]:
            if rem <= 0:
                break
            out[code] = ItemTiming.RECENT
            rem -= w[code][0]
        for code in plan["significant"]:
            if rem < w[code][0]:
                break
            both = rem >= w[code][2] and self.chance(0.35)
            out[code] = ItemTiming.BOTH if both else ItemTiming.RECENT
            rem -= w[code][2] if both else w[code][0]
        for code in plan["moderate"]:
            if rem <= 0:
                break
            out[code] = ItemTiming.RECENT
            rem -= w[code][0]
        for code in plan["significant"]:
            if rem <= 0:
                break
            if code not in out and w[code][1] > 0:
                out[code] = ItemTiming.PAST
                rem -= w[code][1]
        return out

    def _assessments(self, i: int, p: _Person) -> None:
        rng, today, seraf = self.rng, self.today, self.seraf
        dates: list[date] = []
        d = self.days(p.start, p.start + timedelta(days=20))
        while d <= today - timedelta(days=3):
            dates.append(d)
            d += timedelta(days=self.ri(60, 120))
        if not dates:
            dates.append(today - timedelta(days=3))
        kind = ARCHETYPE.pick(rng)
        if i in self.features["rising"]:
            kind = "rising"
        elif i in self.features["falling"]:
            kind = "falling"
        targets = self._targets(kind, len(dates))
        groups = seraf.groups
        vulns = rng.sample(
            groups.get("vulnerability", []),
            min(len(groups.get("vulnerability", [])), self.ri(2, 5)),
        )
        if p.cla and "v_looked_after" in seraf.item_ids and "v_looked_after" not in vulns:
            vulns.insert(0, "v_looked_after")
        # Each person has "their" indicators, ticked first, so items recur between assessments.
        plan = {
            "vulnerability": vulns,
            "significant": rng.sample(
                groups.get("significant", []), len(groups.get("significant", []))
            ),
            "moderate": rng.sample(groups.get("moderate", []), len(groups.get("moderate", []))),
        }
        last = len(dates) - 1
        # Partners' London-protocol categories sit between scored reviews where there are any.
        london_at = self.ri(min(1, last), max(0, last - 1)) if i in self.features["london"] else -1
        correct_at = self.ri(0, last) if i in self.features["correction"] else -1
        if correct_at == london_at >= 0:
            correct_at = london_at + 1 if london_at < last else london_at - 1
        risk: list[tuple[date, RiskCategory]] = []
        previous: RiskCategory | None = None
        for k, (on, target) in enumerate(zip(dates, targets, strict=True)):
            target_score = max(0, round(target + rng.uniform(-1.5, 1.5)))
            latest = k == len(dates) - 1
            confirm_on = on + timedelta(days=self.ri(1, 7))
            confirmed = confirm_on < today and not (latest and self.chance(0.2))
            if k == london_at:
                category = band_for_score(seraf.domain, target_score).category
                band = band_for_score(self.london.domain, category.value)
                aid = self._assessment_row(
                    p,
                    self.london.id,
                    on,
                    category.value,
                    band,
                    previous,
                    confirmed,
                    confirm_on,
                    None,
                    None,
                )
                risk.append((on, band.category))
                previous = band.category
                continue
            answers = self._answers(plan, target_score)
            score = score_assessment(seraf.domain, [ItemAnswer(c, tm) for c, tm in answers.items()])
            band = band_for_score(seraf.domain, score)
            override = None
            if self.chance(0.04):
                up = band.category.value < RiskCategory.SIGNIFICANT.value and (
                    band.category.value == 0 or self.chance(0.6)
                )
                override = RiskCategory(band.category.value + (1 if up else -1))
            aid = self._assessment_row(
                p, seraf.id, on, score, band, previous, confirmed, confirm_on, override, None
            )
            self._answer_rows(aid, answers)
            effective = override or band.category
            p.peak = max(p.peak, score)
            if k == correct_at:
                # A correction is a new version superseding the original, never an edit.
                fixed = dict(answers)
                extra = next((c for c in plan["moderate"] if c not in fixed), None)
                if extra is not None:
                    fixed[extra] = ItemTiming.RECENT
                elif fixed:
                    fixed.pop(next(iter(fixed)))
                score = score_assessment(
                    seraf.domain, [ItemAnswer(c, tm) for c, tm in fixed.items()]
                )
                band = band_for_score(seraf.domain, score)
                cid = self._assessment_row(
                    p,
                    seraf.id,
                    on,
                    score,
                    band,
                    previous,
                    True,
                    confirm_on + timedelta(days=2),
                    None,
                    aid,
                )
                self._answer_rows(cid, fixed)
                effective = band.category
            risk.append((on, effective))
            previous = effective
        p.risk = risk

    def _assessment_row(
        self,
        p: _Person,
        instrument_id: int,
        on: date,
        score: int,
        band: InstrumentBand,
        previous: RiskCategory | None,
        confirmed: bool,
        confirm_on: date,
        override: RiskCategory | None,
        supersedes: int | None,
    ) -> int:
        aid = self._id(t.RiskAssessment)
        if supersedes is not None:
            rationale = self.pick(txt.CORRECTION_NOTES)
        else:
            now = override or band.category
            why = (
                txt.RATIONALE_UP
                if previous is not None and now.value > previous.value
                else txt.RATIONALE_DOWN
                if previous is not None and now.value < previous.value
                else txt.RATIONALE_SAME
                if previous is not None
                else txt.RATIONALE_UP
            )
            rationale = f"{self.pick(txt.RATIONALE_OPENERS)} {self.pick(why)}".format(name=p.name)
        reason = None
        if override is not None:
            reason = txt.OVERRIDE_REASONS[
                2 if override.value < band.category.value else self.ri(0, 1)
            ]
        self.add(
            t.RiskAssessment,
            {
                "id": aid,
                "young_person_id": p.id,
                "instrument_id": instrument_id,
                "assessed_on": on,
                "total_score": score,
                "band_label": band.label,
                "computed_category": band.category.code,
                "override_category": override.code if override else None,
                "override_reason": reason,
                "assessor_id": p.sw if self.chance(0.7) else p.kp,
                "rationale": rationale,
                "young_person_words": self.pick(txt.YP_WORDS) if self.chance(0.85) else "",
                "confirmed_by_id": p.manager if confirmed else None,
                "confirmed_at": self.at(confirm_on, self.ri(9, 17)) if confirmed else None,
                "supersedes_id": supersedes,
                "recorded_at": self.at(on + timedelta(days=2 if supersedes else 0), self.ri(9, 18)),
                "version": 1,
            },
        )
        return aid

    def _answer_rows(self, assessment_id: int, answers: dict[str, ItemTiming]) -> None:
        ids = self.seraf.item_ids
        for code, timing in answers.items():
            self.add(
                t.RiskAssessmentAnswer,
                {
                    "id": self._id(t.RiskAssessmentAnswer),
                    "assessment_id": assessment_id,
                    "item_id": ids[code],
                    "timing": timing.value,
                },
            )
