# Java equivalent: @Project(name = "reco") on a linear flow, deployed with --branch feature_x
# (flows/project_branch.env), so on branch "test.feature_x".
from metaflow import FlowSpec, Parameter, project, step


@project(name="reco")
class RankingFlow(FlowSpec):
    """Ranks things."""

    k = Parameter("k", help="how many", default=5)

    @step
    def start(self):
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    RankingFlow()
