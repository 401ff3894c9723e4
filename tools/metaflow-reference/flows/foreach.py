# Java equivalent: a one-level foreach, start -foreach("letters")-> perLetter -> join -> end
# (ForeachFlow without its inner foreach). Metaflow step names must be lower case: perLetter is
# per_letter here.
from metaflow import FlowSpec, step


class SimpleForeachFlow(FlowSpec):
    @step
    def start(self):
        self.letters = ["a", "b", "c"]
        self.next(self.per_letter, foreach="letters")

    @step
    def per_letter(self):
        self.letter = self.input
        self.next(self.join)

    @step
    def join(self, inputs):
        self.all = [i.letter for i in inputs]
        self.next(self.end)

    @step
    def end(self):
        print(self.all)


if __name__ == "__main__":
    SimpleForeachFlow()
