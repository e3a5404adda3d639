// The controller's vocabulary for one search space: one token per (gene,
// choice) pair, plus the start token the decoder begins with.
//
// Token 0 is the start token; gene g's choice c is token
// 1 + (choices of genes 0..g-1) + c. Because every gene owns its own range
// of tokens, an architecture of G genes is a sequence of G tokens whose
// position says which gene it is, and the decoder can restrict position g
// to gene g's range. Works for any space the SDK describes.
#pragma once

#include <naskernel/arch.h>
#include <naskernel/search_space.h>

#include <cstdint>
#include <string>
#include <vector>

namespace naskernel::nao {

class ArchVocabulary {
 public:
  static constexpr int64_t kStartToken = 0;

  // Throws std::invalid_argument for a space without genes or with a gene
  // without choices.
  ArchVocabulary(std::string space, const std::vector<Gene>& genes);

  int64_t size() const { return size_; }                              // tokens, start token included
  int64_t length() const { return static_cast<int64_t>(first_.size()); } // genes = tokens per architecture
  int64_t first_token(size_t gene) const { return first_[gene]; }
  int64_t choices(size_t gene) const { return choices_[gene]; }

  // Throws std::invalid_argument for an architecture of another space or
  // shape, or a choice out of range.
  std::vector<int64_t> encode(const Arch& arch) const;
  // The inverse of encode(); throws std::invalid_argument for a token
  // outside its position's range.
  Arch decode(const std::vector<int64_t>& tokens) const;

 private:
  std::string space_;
  std::vector<int64_t> first_;
  std::vector<int64_t> choices_;
  int64_t size_ = 1;
};

}  // namespace naskernel::nao
