# Java equivalent: dev.flowline.examples.BranchFlow (static split start -> {twice, square} -> join -> end).
from metaflow import FlowSpec, step


class BranchFlow(FlowSpec):
    @step
    def start(self):
        self.x = 7
        self.next(self.twice, self.square)

    @step
    def twice(self):
        self.doubled = 2 * self.x
        self.next(self.join)

    @step
    def square(self):
        self.squared = self.x * self.x
        self.next(self.join)

    @step
    def join(self, inputs):
        self.merge_artifacts(inputs, exclude=["doubled", "squared"])
        self.total = inputs.twice.doubled + inputs.square.squared
        self.next(self.end)

    @step
    def end(self):
        print(self.total)


if __name__ == "__main__":
    BranchFlow()
