"""Demo data: placement histories, near home or far from it, stable or not."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from desktop.data import demo_text as txt
from desktop.data import tables as t
from desktop.data.demo_setup import (
    FIRST_LS,
    NEXT_LS,
    PLACE,
    PLANNED,
    UNPLANNED,
    Postcode,
    Row,
    _Person,
    miles,
)
from desktop.data.demo_writer import _GeneratorBase
from desktop.domain.dates import add_months, collection_year


class _PlacementsPart(_GeneratorBase):
    """Placement histories (SSDA903 episodes) and the carers behind them."""

    def _placements(self, i: int, p: _Person) -> None:
        rng, today = self.rng, self.today
        earliest = add_months(p.dob, 24)
        moves: list[date] = []
        if i in self.features["unstable"]:
            care_start = today - timedelta(days=self.ri(400, 1100))
            early = today - timedelta(days=366)
            moves += [
                self.days(care_start + timedelta(days=30), early) for _ in range(self.ri(0, 2))
            ]
            moves += [
                self.days(today - timedelta(days=350), today - timedelta(days=5))
                for _ in range(self.ri(3, 5))
            ]
        elif self.chance(0.3):  # long and stable: the current placement began 2+ years ago
            care_start = today - timedelta(days=self.ri(930, 2200))
            if self.chance(0.4):
                moves.append(
                    self.days(care_start + timedelta(days=60), today - timedelta(days=760))
                )
        else:
            care_start = today - timedelta(days=self.ri(60, 1100))
            for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
                moves.append(self.days(care_start + timedelta(days=30), today - timedelta(days=30)))
        if i in self.features["new_placement"]:
            moves.append(today - timedelta(days=self.ri(3, 25)))
        care_start = max(care_start, earliest)
        starts = [care_start, *sorted({m for m in moves if care_start < m < today})]
        episodes: list[Row] = []
        if self.chance(0.12) and care_start - timedelta(days=400) > add_months(p.dob, 60):
            # An earlier period of care that ended with a return home, then a gap.
            s = care_start - timedelta(days=self.ri(300, 700))
            e = min(s + timedelta(days=self.ri(40, 200)), care_start - timedelta(days=30))
            episodes.append(self._episode(p, s, "S", FIRST_LS.pick(rng), self._carer(p, False)))
            episodes[-1].update(dec=e, rec=self.pick(("E4A", "E4B", "E13")))
        ls = FIRST_LS.pick(rng)
        unstable = i in self.features["unstable"]
        for k, s in enumerate(starts):
            far = k == len(starts) - 1 and i in self.features["far"]
            carer = self._carer(p, far)
            if k == 0:
                rne = "S"
            elif ls in NEXT_LS and self.chance(0.12):
                rne, ls = "B", self.pick(NEXT_LS[ls])
            else:
                rne = "P"
            if episodes and episodes[-1]["dec"] is None:
                planned = not self.chance(0.75 if unstable else 0.45)
                episodes[-1].update(
                    dec=s,
                    rec="X1",
                    reason_place_change=self.pick(PLANNED if planned else UNPLANNED),
                )
            episodes.append(self._episode(p, s, rne, ls, carer))
            end = starts[k + 1] if k + 1 < len(starts) else today
            if ls in NEXT_LS and (end - s).days > 120 and self.chance(0.25):
                # Legal status changes (e.g. s20 to a care order) while the child stays put.
                ls = self.pick(NEXT_LS[ls])
                change = self.days(s + timedelta(days=30), end - timedelta(days=30))
                episodes[-1].update(dec=change, rec="X1")
                episodes.append(self._episode(p, change, "L", ls, carer))
        for row in episodes:
            self.add(t.PlacementEpisode, row)

    def _carer(self, p: _Person, far: bool) -> tuple[str, str, str, Postcode, str | None]:
        """One placement's carer: PLACE, provider code and name, postcode, Ofsted URN."""
        rng = self.rng
        place = PLACE.pick(rng)
        if place == "K2":
            provider = "PR1" if self.chance(0.4) else "PR4"
            name, urn = (
                f"{self.pick(txt.CARE_HOMES)} Children's Home",
                f"SC{self.ri(100000, 999999)}",
            )
        elif place == "R1":
            provider = "PR4" if self.chance(0.7) else "PR5"
            name, urn = self.pick(txt.RESIDENTIAL_PROVIDERS), f"SC{self.ri(100000, 999999)}"
        elif self.chance(0.6):
            provider, name, urn = "PR1", f"In-house foster carers (FC-{self.ri(1000, 9999)})", None
        else:
            provider, name, urn = (
                "PR4",
                f"{self.pick(txt.FOSTERING_AGENCIES)} (independent fostering agency)",
                None,
            )
        roll = rng.random()
        if far:
            postcode = self._far_from(p.home)
        elif roll < 0.62:
            postcode = self._pick_postcode(self.in_area, p.home, lambda m: m <= 20)
        elif roll < 0.9:
            postcode = self._pick_postcode(self.out_area, p.home, lambda m: m <= 20)
        else:
            postcode = self._far_from(p.home)
        return place, provider, name, postcode, urn

    def _pick_postcode(self, pool: list[Postcode], home: Postcode, ok: Any) -> Postcode:
        pc = self.pick(pool)
        for _ in range(8):
            if ok(miles(home, pc)):
                break
            pc = self.pick(pool)
        return pc

    def _far_from(self, home: Postcode) -> Postcode:
        pc = self._pick_postcode(self.far, home, lambda m: m > 20)
        if miles(home, pc) <= 20:  # a home outside the usual district: take the farthest
            pc = max(self.far, key=lambda c: miles(home, c))
        return pc

    def _episode(
        self,
        p: _Person,
        decom: date,
        rne: str,
        ls: str,
        carer: tuple[str, str, str, Postcode, str | None],
    ) -> Row:
        place, provider, name, postcode, urn = carer
        return {
            "id": self._id(t.PlacementEpisode),
            "young_person_id": p.id,
            "decom": decom,
            "rne": rne,
            "legal_status": ls,
            "place": place,
            "place_provider": provider,
            "provider_name": name,
            "dec": None,
            "rec": None,
            "reason_place_change": None,
            "home_postcode": p.home[0],
            "placement_postcode": postcode[0],
            "urn": urn,
            "collection_year": collection_year(decom)[1].year,
            "version": 1,
        }
