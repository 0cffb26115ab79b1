"""Fixtures shared across the test folders: one local Spark session for the whole run."""

from __future__ import annotations

import os
import sys

import pytest


@pytest.fixture(scope="session")
def spark():
    """A ``local[2]`` SparkSession (started once, on first use; stopped at the end).

    Tuned for the tests' small tables: one shuffle partition and no code generation
    (compiling code costs more than running it on a few hundred rows).
    """
    from pyspark.sql import SparkSession

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # the driver listens on loopback only
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers run this Python, not
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)  # whichever is on PATH
    session = (SparkSession.builder.master("local[2]").appName("deepva-frames-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.driver.host", "127.0.0.1")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "1")
               .config("spark.sql.codegen.wholeStage", "false")
               .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
               .config("spark.sql.adaptive.enabled", "false")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.driver.memory", "1g")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
