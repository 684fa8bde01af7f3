import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a call queues for after its transaction commits, as outside a test it would:
    committed(function, *args)."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run
