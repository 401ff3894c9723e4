# Java equivalent: @Schedule(cron = "0 6 * * MON-FRI", timezone = "Europe/Berlin") on a linear flow.
from metaflow import FlowSpec, Parameter, schedule, step


@schedule(cron="0 6 * * MON-FRI", timezone="Europe/Berlin")
class CronFlow(FlowSpec):
    size = Parameter("size", help="batch size", default=10)

    @step
    def start(self):
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    CronFlow()
