"""Measuring Datewire against gold corpora, split by concern:

- `timeml`         reading TimeML: text, TIMEX3, EVENT + MAKEINSTANCE, TLINK, the DCT;
- `timex_scoring`  TempEval-3 Task A: matching tagger mentions to gold timexes and scoring them;
- `taggers`        the taggers to score: Datewire's and dateparser's search_dates baseline;
- `timex_report`   JSON and Markdown reports of a Task A evaluation.

`pipeline.evaluate` is the `datewire evaluate` command over these modules.
"""
