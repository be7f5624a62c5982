#pragma once
namespace patella::cli {
int cmd_knee(int argc, char** argv);
int cmd_bench(int argc, char** argv);
int cmd_tf_coupling(int argc, char** argv);
int cmd_validate(int argc, char** argv);
int cmd_verify(int argc, char** argv);
int cmd_run(int argc, char** argv);
int cmd_compare(int argc, char** argv);
int cmd_claims(int argc, char** argv);
int cmd_sweep(int argc, char** argv);
int cmd_render(int argc, char** argv);
int cmd_view(int argc, char** argv);
int cmd_scenario_keys(int argc, char** argv);
int cmd_muscles(int argc, char** argv);
}  // namespace patella::cli
