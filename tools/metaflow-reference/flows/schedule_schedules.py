# Java equivalent: @Schedule(cron = "*/15 * * * *", timezone = "UTC") compiled for Argo Workflows v4
# (flows/schedule_schedules.env sets METAFLOW_ARGO_WORKFLOWS_USE_SCHEDULES=true: `schedules: [..]`).
from metaflow import FlowSpec, schedule, step


@schedule(cron="*/15 * * * *", timezone="UTC")
class SchedulesFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    SchedulesFlow()
