# Java equivalent: @TriggerOnFinish(flow = "HelloFlow") on a linear flow (no @project).
from metaflow import FlowSpec, step, trigger_on_finish


@trigger_on_finish(flow="HelloFlow")
class DownstreamFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    DownstreamFlow()
