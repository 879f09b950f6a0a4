"""Let pytest explain a failed assert in the shared rule helpers as it does in a test."""

import pytest

pytest.register_assert_rewrite("tests.core.checks.rule_support")
