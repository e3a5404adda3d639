// The processes of this run: the one Collectives every part of the kernel
// uses. `naskernel run` joins the process group once at start (when the
// launcher's environment says WORLD_SIZE > 1) and installs it here; until
// then, and in every single-process run, the world is rank 0 of 1.
//
// What the kernel does differently on other ranks (README, "Distributed
// runs"): only rank 0 writes the run directory and the ground-truth store;
// every decision that depends on files (resume or not, a study run already
// finished) is taken on rank 0 and broadcast.
#pragma once

#include <naskernel/host.h>

#include <memory>
#include <string>
#include <vector>

namespace naskernel {

Collectives& world();
int world_local_rank();
void set_world(std::unique_ptr<Collectives> collectives, int local_rank);
// Back to a single process (tests).
void reset_world();

inline bool is_rank_zero() { return world().rank() == 0; }

// "cuda" on a multi-rank run becomes this rank's GPU: "cuda:LOCAL_RANK", or
// "cuda:0" where each rank sees one GPU. Throws UserError when LOCAL_RANK
// has no GPU.
std::string device_for_this_rank(const std::string& device);

// Rank 0's value, on every rank.
bool broadcast_flag(Collectives& collectives, bool value);
std::string broadcast_text(Collectives& collectives, const std::string& text);
// Every rank's text, in rank order (each may differ in length).
std::vector<std::string> all_gather_text(Collectives& collectives, const std::string& text);
// True when any rank passes true.
bool any_rank(Collectives& collectives, bool value);
// Throws UserError on every rank unless every rank passes the same text
// (the resolved manifest): the message names the first rank and line that
// differ from rank 0's.
void require_same_on_every_rank(Collectives& collectives, const std::string& what, const std::string& text);

}  // namespace naskernel
