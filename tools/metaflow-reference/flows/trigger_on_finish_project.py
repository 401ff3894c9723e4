# Java equivalent: @Project(name = "reco") + @TriggerOnFinish(flows = {"TrainFlow",
# "other_proj.prod.IngestFlow"}): the first upstream flow takes this flow's project and branch.
# Deployed with --production (flows/trigger_on_finish_project.env).
from metaflow import FlowSpec, project, step, trigger_on_finish


@project(name="reco")
@trigger_on_finish(flows=["TrainFlow", "other_proj.prod.IngestFlow"])
class ServeFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    ServeFlow()
