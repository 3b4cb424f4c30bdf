"""Our own news fixtures for the cluster tests: short articles written for these tests."""
from __future__ import annotations

import json
from pathlib import Path

# Two reports of one happening in different words (a flood that cut off Veltmar on 3 March 2025), from
# two sites.
FLOOD_A = {
    "id": "flood-wire", "title": "River floods Veltmar", "published": "2025-03-04", "source": "Northern Wire",
    "url": "https://northern-wire.example.com/2025/03/04/veltmar-flood",
    "text": ("The Oder river flooded the town of Veltmar on 3 March 2025, and rescuers evacuated 400 residents "
             "from the old quarter. The mayor of Veltmar said the water rose two metres overnight. Rescue "
             "teams from Szczecin joined the evacuation of the old quarter of Veltmar."),
}
FLOOD_B = {
    "id": "flood-daily", "title": "Veltmar under water", "published": "2025-03-05", "source": "Baltic Daily",
    "url": "https://baltic-daily.example.net/news/veltmar-under-water",
    "text": ("Rescuers evacuated hundreds of residents of Veltmar on 3 March 2025 after the Oder river flooded "
             "the old quarter of the town. Water in the old quarter of Veltmar rose two metres overnight, the "
             "mayor said, and rescue teams from Szczecin helped with the evacuation."),
}
# A happening of the same type on another day: it must stay apart.
FLOOD_LATER = {
    "id": "flood-later", "title": "Veltmar floods again", "published": "2025-09-20", "source": "Northern Wire",
    "url": "https://northern-wire.example.com/2025/09/20/veltmar-again",
    "text": ("The Oder river flooded the old quarter of Veltmar again on 19 September 2025, and rescuers "
             "evacuated 200 residents. The mayor of Veltmar said the new dikes had failed."),
}
# A denial of the flood's casualties: negated, it attaches to nothing as a report that it happened.
DENIAL = {
    "id": "flood-denial", "title": "No deaths in Veltmar", "published": "2025-03-06", "source": "Baltic Daily",
    "url": "https://baltic-daily.example.net/news/no-deaths",
    "text": "The mayor of Veltmar said that nobody died in the flood of 3 March 2025 and that no looting took place.",
}
# One article with a paragraph repeated, as scraped pages often have it.
REPEATED = {
    "id": "flood-repeated", "title": "Veltmar flood: what we know", "published": "2025-03-04",
    "source": "Riverside Post", "url": "https://riverside-post.example.org/veltmar-what-we-know",
    "text": ("Rescuers evacuated 400 residents of Veltmar on 3 March 2025 after the Oder river flooded the old "
             "quarter.\n\nThe mayor of Veltmar said the water rose two metres overnight.\n\nRescuers "
             "evacuated 400 residents of Veltmar on 3 March 2025 after the Oder river flooded the old "
             "quarter."),
}


def write_articles(folder: Path, *articles: dict, name: str = "articles.jsonl") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return path
