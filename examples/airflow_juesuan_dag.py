"""An Airflow DAG that builds one fiscal year of reports every night with the juesuan CLI.

Copy into the Airflow dags/ folder and set JUESUAN_HOME to the project checkout (with `make install`
done once). The task fails when `juesuan run` exits non-zero (1: a notebook failed, 2: bad
parameters or data), so Airflow's retries and alerts apply. Pass `--scheduler tcp://HOST:PORT` to
send the notebooks to an existing Dask cluster instead of the worker's cores.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator

JUESUAN_HOME = os.environ.get("JUESUAN_HOME", "/srv/juesuan")
FISCAL_YEARS = (2023, 2024)

with DAG(
    dag_id="juesuan_final_accounts_reports",
    description="部门决算公开：抽取、审计、报告（每晚增量构建）",
    schedule="30 2 * * *",
    start_date=datetime(2025, 1, 1),
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(minutes=10)},
    tags=["juesuan", "fiscal-transparency"],
) as dag:
    verify = BashOperator(
        task_id="verify_raw_catalog",
        bash_command=f"cd {JUESUAN_HOME} && .venv/bin/juesuan run --dry-run",
    )
    for year in FISCAL_YEARS:
        build = BashOperator(
            task_id=f"build_reports_{year}",
            bash_command=f"cd {JUESUAN_HOME} && .venv/bin/juesuan run --year {year}",
            execution_timeout=timedelta(hours=6),
        )
        verify >> build
