# Java equivalent: dev.flowline.examples.HelloFlow (linear start -> shout -> end, one str parameter).
from metaflow import FlowSpec, Parameter, step


class HelloFlow(FlowSpec):
    """Greets someone, loudly."""

    # Not `name = Parameter(...)`: Metaflow silently ignores a flow attribute called name (also
    # cmd, index, input, script_name, foreach_stack) when it looks for parameters.
    who = Parameter("name", help="who to greet", default="world")

    @step
    def start(self):
        self.greeting = "hello " + self.who
        self.next(self.shout)

    @step
    def shout(self):
        self.greeting = self.greeting.upper()
        self.next(self.end)

    @step
    def end(self):
        print(self.greeting)


if __name__ == "__main__":
    HelloFlow()
