"""The 2025 communes and wards (xã, phường, đặc khu) of Vietnam's 34
provinces, from the ``vietnam-provinces`` package (pinned in
requirements.txt), so a connection point written "điểm cầu xã Phú Thiện"
gets its province when no province is written with it.

Only a name written with its administrative word and borne by exactly one
commune of that kind is taken: 307 of the 2,865 commune names are shared by
several communes, and many are words of other things ("Diên Hồng", "Trung
Tâm"), so a bare name says nothing. Pre-2025 districts and communes are not
in the package; they stay with the hand-written place fixture.
"""

import re
from functools import lru_cache

from archive import reference, vietnamese

_KINDS = {"xã": "xa", "phường": "phuong", "đặc khu": "dac khu"}
_WRITTEN = re.compile(r"(?<![\w])(xa|phuong|dac khu)\s+([a-z0-9][\w ]*?)(?=\s*(?:[,.;:()–-]|$))")


@lru_cache(maxsize=1)
def communes():
    """{(kind, folded name): [province names]} for every 2025 commune."""
    # Imported on first use: the package builds its 3,321 wards at import.
    from vietnam_provinces import Province, Ward

    provinces = {p.code: re.sub(r"^(?:Tỉnh|Thành phố) ", "", p.name) for p in Province.iter_all()}
    out = {}
    for ward in Ward.iter_all():
        kind = vietnamese.fold_lower(ward.division_type.value)
        name = re.sub(r"^(?:Xã|Phường|Đặc khu) ", "", vietnamese.normalize(ward.name))
        key = (kind, " ".join(vietnamese.fold_lower(name).split()))
        out.setdefault(key, []).append(provinces[ward.province_code])
    return out


def province_of(text):
    """The reference place name of the province of the one 2025 commune that
    ``text`` names with its administrative word ("xã Phú Thiện" → "Gia
    Lai"), or None when it names none, several share the name, or the
    province is not a reference place."""
    low = vietnamese.fold_lower(vietnamese.normalize(text or ""))
    for m in _WRITTEN.finditer(low):
        words = m.group(2).split()
        # "xã Phú Thiện huyện Ia Pa": the longest known prefix of the name.
        for end in range(min(len(words), 5), 0, -1):
            found = communes().get((m.group(1), " ".join(words[:end])))
            if found:
                if len(set(found)) == 1:
                    return reference.find_place(found[0])[0]
                break
    return None
