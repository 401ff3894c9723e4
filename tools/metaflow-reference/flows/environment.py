# Java equivalent: a linear flow with @Environment(vars = {"GREETING=hi", "DEBUG=1"}) on start
# and an @Environment that overrides a variable Metaflow sets itself (METAFLOW_USER) on end.
from metaflow import FlowSpec, environment, step


class EnvironmentFlow(FlowSpec):
    @environment(vars={"GREETING": "hi", "DEBUG": "1"})
    @step
    def start(self):
        self.next(self.end)

    @environment(vars={"METAFLOW_USER": "someone-else", "EMPTY": ""})
    @step
    def end(self):
        pass


if __name__ == "__main__":
    EnvironmentFlow()
