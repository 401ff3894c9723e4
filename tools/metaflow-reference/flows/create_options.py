# Java equivalent: a linear flow deployed with the create options of flows/create_options.env:
# --max-workers 7 --workflow-timeout 3600 --workflow-priority 5 --tag nightly --tag team:data
# --no-enable-error-msg-capture (no onExit hook).
from metaflow import FlowSpec, step


class CreateOptionsFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    CreateOptionsFlow()
