from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CARD_FILES = sorted((ROOT / "agencies" / "cards").glob("*.json")) + sorted(
    (ROOT / "docs" / "examples").glob("*.json")
)
