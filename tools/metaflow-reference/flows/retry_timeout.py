# Java equivalent: a linear flow with @Retry(times = 4, minutesBetweenRetries = 5) and
# @Timeout(minutes = 10) on one step, @Timeout(hours = 1, seconds = 30) on another, and
# @Retry() (the defaults: 3 times, 2 minutes) on a third.
from metaflow import FlowSpec, retry, step, timeout


class RetryTimeoutFlow(FlowSpec):
    @retry(times=4, minutes_between_retries=5)
    @timeout(minutes=10)
    @step
    def start(self):
        self.next(self.slow)

    @timeout(hours=1, seconds=30)
    @step
    def slow(self):
        self.next(self.flaky)

    @retry
    @step
    def flaky(self):
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    RetryTimeoutFlow()
