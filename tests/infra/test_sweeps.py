from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from jobs import sweeps
from jobs.tasks import sweep as sweep_task

# the registered sweeps (the jobs app's own among them) run against the database
pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded():
    """Two sweeps registered for the test (one counting, one listing actions), removed after."""
    calls = []

    @sweeps.register("test-count", "things counted")
    def count(now):
        calls.append(("count", now))
        return 2

    @sweeps.register("test-list", "things listed")
    def listing(now):
        calls.append(("list", now))
        return ["job 1 released", "job 2 released"]

    yield calls
    sweeps.registry.unregister("test-count")
    sweeps.registry.unregister("test-list")


@pytest.fixture
def failing():
    @sweeps.register("test-broken", "never done")
    def broken(now):
        raise RuntimeError("boom")

    yield
    sweeps.registry.unregister("test-broken")


def test_command_runs_every_sweep_once_as_of_the_given_time(recorded, capsys):
    call_command("sweep", "--at", "2027-03-10T18:00:00-06:00")

    out = capsys.readouterr().out
    moment = datetime(2027, 3, 11, 0, 0, tzinfo=UTC)
    assert recorded == [("count", moment), ("list", moment)]
    assert "Sweeping as of 2027-03-11T00:00:00+00:00" in out
    assert "test-count: 2 things counted" in out
    assert "test-list: 2 things listed\n  job 1 released\n  job 2 released" in out


def test_a_time_without_offset_is_utc(recorded, capsys):
    call_command("sweep", "--at", "2027-03-10T18:00")

    assert recorded[0][1] == datetime(2027, 3, 10, 18, 0, tzinfo=UTC)


def test_default_time_is_now(recorded, capsys):
    before = datetime.now(UTC)
    call_command("sweep")

    assert before <= recorded[0][1] <= datetime.now(UTC)


def test_bad_time_is_a_one_line_error_naming_the_option(recorded):
    with pytest.raises(CommandError) as error:
        call_command("sweep", "--at", "next tuesday")

    assert str(error.value).startswith("--at: 'next tuesday' is not an ISO 8601 time")
    assert "\n" not in str(error.value)
    assert recorded == []


def test_a_failing_sweep_does_not_stop_the_others_and_fails_the_command(recorded, failing, capsys):
    with pytest.raises(CommandError, match="1 sweep\\(s\\) failed: test-broken"):
        call_command("sweep", "--at", "2027-03-10T18:00:00Z")

    out = capsys.readouterr().out
    assert "test-broken: FAILED: RuntimeError: boom" in out
    assert [name for name, _ in recorded] == ["count", "list"]


def test_the_beat_task_calls_the_same_sweeps(recorded):
    result = sweep_task.apply(kwargs={"at": "2027-03-10T18:00:00+00:00"}).get()

    assert result["test-count"] == 2
    assert result["test-list"] == 2
    assert recorded[0][1] == datetime(2027, 3, 10, 18, 0, tzinfo=UTC)


def test_a_second_sweep_under_a_taken_name_is_refused(recorded):
    with pytest.raises(ValueError, match="already registered"):

        @sweeps.register("test-count", "again")
        def other(now):
            return 0
