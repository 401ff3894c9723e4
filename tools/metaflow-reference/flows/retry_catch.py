# Java equivalent: dev.flowline.examples.RetryCatchFlow (@Retry(times = 2, minutesBetweenRetries = 0)
# on start, @Catch(var = "failure") on parse).
from metaflow import FlowSpec, catch, current, retry, step


class RetryCatchFlow(FlowSpec):
    @retry(times=2, minutes_between_retries=0)
    @step
    def start(self):
        if current.retry_count == 0:
            raise RuntimeError("start fails on purpose on attempt 0; the retry succeeds")
        self.succeededOnAttempt = current.retry_count
        self.text = "not a number"
        self.next(self.parse)

    @catch(var="failure")
    @step
    def parse(self):
        self.parsed = int(self.text)
        self.next(self.end)

    @step
    def end(self):
        print(self.succeededOnAttempt)


if __name__ == "__main__":
    RetryCatchFlow()
