# Java equivalent: @Schedule(daily = true, timezone = "America/New_York").
from metaflow import FlowSpec, schedule, step


@schedule(daily=True, timezone="America/New_York")
class DailyFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    DailyFlow()
