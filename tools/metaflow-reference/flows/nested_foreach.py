# Java equivalent: dev.flowline.examples.ForeachFlow (start -foreach letters-> perLetter
# -foreach numbers-> perNumber -> joinNumbers -> joinLetters -> end).
# Metaflow step names must be lower case: perLetter is per_letter here, and so on.
from metaflow import FlowSpec, step


class ForeachFlow(FlowSpec):
    @step
    def start(self):
        self.letters = ["a", "b", "c"]
        self.next(self.per_letter, foreach="letters")

    @step
    def per_letter(self):
        self.letter = self.input
        self.numbers = [1, 2]
        self.next(self.per_number, foreach="numbers")

    @step
    def per_number(self):
        self.number = self.input
        self.label = self.letter + str(self.number)
        self.next(self.join_numbers)

    @step
    def join_numbers(self, inputs):
        self.labels = [i.label for i in inputs]
        self.letter = inputs[0].letter
        self.next(self.join_letters)

    @step
    def join_letters(self, inputs):
        self.all = [label for i in inputs for label in i.labels]
        self.next(self.end)

    @step
    def end(self):
        print(self.all)


if __name__ == "__main__":
    ForeachFlow()
