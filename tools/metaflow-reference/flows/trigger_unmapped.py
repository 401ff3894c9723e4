# Java equivalent: @Trigger(event = "data.ready") without a parameter mapping, on a flow with an
# int parameter and a required str parameter: one event without mapping maps every parameter to
# the payload field of the same (lower-cased) name.
from metaflow import FlowSpec, Parameter, step, trigger


@trigger(event="data.ready")
class UnmappedTriggerFlow(FlowSpec):
    size = Parameter("size", help="batch size", default=10)
    source = Parameter("source", help="where the data is", required=True)

    @step
    def start(self):
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    UnmappedTriggerFlow()
