# SPDX-License-Identifier: BSD-2-Clause
"""Shared fixtures: every test boots the built image through tools/qemu_run.py."""
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools"))

from qemu_run import QemuSession, image_path  # noqa: E402


@pytest.fixture
def boot():
    """boot(**qemu_options) starts QEMU on the default image; all are stopped afterwards."""
    sessions = []

    def start(**options):
        image = image_path(options.pop("config", "empty"))
        assert os.path.exists(image), f"{image} is missing: run make first"
        session = QemuSession(image, **options)
        sessions.append(session)
        return session

    yield start
    for session in sessions:
        session.close()
