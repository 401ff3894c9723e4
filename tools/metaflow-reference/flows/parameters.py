# Java equivalent: dev.flowline.examples.ParameterFlow (typed parameters: a required str without
# default, int, long (int in Python), float, bool, and a JSON parameter named "config").
from metaflow import FlowSpec, JSONType, Parameter, step


class ParameterFlow(FlowSpec):
    dataset = Parameter("dataset", help="name of the dataset to use", required=True)
    epochs = Parameter("epochs", help="number of training epochs", default=3)
    seed = Parameter("seed", help="random seed", default=42)
    ratio = Parameter("ratio", help="fraction of the data held out for validation", default=0.2)
    verbose = Parameter("verbose", help="print more details", default=False)
    training_config = Parameter(
        "config",
        help="training configuration as JSON",
        type=JSONType,
        default='{"learningRate": 0.01, "layers": [16]}',
    )

    @step
    def start(self):
        self.summary = "dataset=%s epochs=%d" % (self.dataset, self.epochs)
        self.next(self.end)

    @step
    def end(self):
        print(self.summary)


if __name__ == "__main__":
    ParameterFlow()
