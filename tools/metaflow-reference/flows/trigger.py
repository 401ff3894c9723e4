# Java equivalent: @Trigger(event = "data.ready", parameters = {"alpha=alpha_value", "config=cfg"})
# on a flow with a float parameter, a JSON parameter and a str parameter that no event maps.
from metaflow import FlowSpec, JSONType, Parameter, step, trigger


@trigger(event={"name": "data.ready", "parameters": {"alpha": "alpha_value", "config": "cfg"}})
class TriggerFlow(FlowSpec):
    alpha = Parameter("alpha", help="learning rate", default=0.5)
    config = Parameter("config", help="settings as JSON", type=JSONType, default='{"a": 1}')
    label = Parameter("label", help="not mapped by the event", default="none")

    @step
    def start(self):
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    TriggerFlow()
