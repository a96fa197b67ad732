"""The broker is chosen at import time from REDIS_URL: tested in fresh interpreters."""

from tests.infra.helpers import clean_env, run_python

SHOW_CONFIG = (
    "import json; from detailhire.celery import app; app.loader.import_default_modules();"
    "print(json.dumps({'broker': app.conf.broker_url,"
    " 'options': app.conf.broker_transport_options,"
    " 'schedule': {k: v['task'] for k, v in app.conf.beat_schedule.items()},"
    " 'tasks': sorted(t for t in app.tasks if not t.startswith('celery.'))}))"
)


def celery_config(**env):
    import json

    result = run_python("-c", SHOW_CONFIG, env=clean_env(**env))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_filesystem_broker_when_redis_url_is_unset(tmp_path):
    config = celery_config(DETAILHIRE_VAR_DIR=str(tmp_path))

    assert config["broker"] == "filesystem://"
    folder = str(tmp_path / "broker")
    assert config["options"]["data_folder_in"] == folder
    assert config["options"]["data_folder_out"] == folder


def test_redis_broker_when_redis_url_is_set():
    config = celery_config(REDIS_URL="redis://127.0.0.1:6379/7")

    assert config["broker"] == "redis://127.0.0.1:6379/7"


def test_beat_schedule_runs_the_sweep_task_which_is_registered():
    config = celery_config()

    assert "jobs.tasks.sweep" in config["schedule"].values()
    assert "jobs.tasks.sweep" in config["tasks"]
