# Java equivalent: @Trigger(events = {"raw-data", "model.ready"}) where "model.ready" maps the
# parameters by a list (a name means payload field = parameter name), and a required parameter.
from metaflow import FlowSpec, Parameter, step, trigger


@trigger(
    events=[
        "raw-data",
        {"name": "model.ready", "parameters": ["version", ("threshold", "score")]},
    ]
)
class MultiTriggerFlow(FlowSpec):
    version = Parameter("version", help="model version", required=True)
    threshold = Parameter("threshold", help="score threshold", default=0.9)

    @step
    def start(self):
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    MultiTriggerFlow()
