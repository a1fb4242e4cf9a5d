"""Who a 督办单 goes to and when it may be signed: leaders named together in one cell,
projects without a leader, an issue date before the data's cut-off."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from corpus_supervision import MONTHS, monthly_ledgers
from projtrack.cli.app import app

SEP = MONTHS[-1]


def test_an_issue_date_before_the_cut_off_is_a_usage_error(runner: CliRunner, tidy) -> None:
    """A 1-9月 ledger's notice signed on 1 July would ask about figures not yet reported."""
    path = monthly_ledgers(tidy, [SEP])[SEP]
    result = runner.invoke(app, ["notices", str(path), "--dry-run", "--date", "2024-07-01"])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "错误 Error: --date 2024-07-01 is before the data's cut-off 2024-09-30（前三季度）: a "
        "notice is signed on or after the date its figures run to; give a later --date, or "
        "leave it out to sign on the cut-off\n"
    )
    assert not Path("projtrack-data").exists()
    for day in ("2024-09-30", "2024-10-08"):  # the cut-off itself and later are fine
        result = runner.invoke(app, ["notices", str(path), "--dry-run", "--date", day])
        assert result.exit_code == 0, result.output
