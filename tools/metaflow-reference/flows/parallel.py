# Java equivalent: a multi-node step: start -next(train, numParallel = 3)-> @Parallel train
# (with @Retry(times = 1)) -> join -> end.
from metaflow import FlowSpec, current, parallel, retry, step


class ParallelFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.train, num_parallel=3)

    @retry(times=1)
    @parallel
    @step
    def train(self):
        self.rank = current.parallel.node_index
        self.next(self.join)

    @step
    def join(self, inputs):
        self.ranks = [i.rank for i in inputs]
        self.next(self.end)

    @step
    def end(self):
        print(self.ranks)


if __name__ == "__main__":
    ParallelFlow()
