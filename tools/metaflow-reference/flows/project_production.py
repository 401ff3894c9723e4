# Java equivalent: @Project(name = "reco") on a linear flow, deployed with --production
# (flows/project_production.env), so on branch "prod".
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
