#include "arch_vocabulary.h"

#include <stdexcept>

namespace naskernel::nao {

ArchVocabulary::ArchVocabulary(std::string space, const std::vector<Gene>& genes) : space_(std::move(space)) {
  if (genes.empty()) throw std::invalid_argument("nao: search space `" + space_ + "` has no genes");
  for (const auto& gene : genes) {
    if (gene.choices.empty())
      throw std::invalid_argument("nao: gene `" + gene.name + "` of search space `" + space_ + "` has no choices");
    first_.push_back(size_);
    choices_.push_back(static_cast<int64_t>(gene.choices.size()));
    size_ += static_cast<int64_t>(gene.choices.size());
  }
}

std::vector<int64_t> ArchVocabulary::encode(const Arch& arch) const {
  if (arch.space != space_)
    throw std::invalid_argument("nao: architecture of space `" + arch.space + "` given to the vocabulary of `" +
                                space_ + "`");
  if (static_cast<int64_t>(arch.genes.size()) != length())
    throw std::invalid_argument("nao: architecture has " + std::to_string(arch.genes.size()) + " genes, the space " +
                                std::to_string(length()));
  std::vector<int64_t> tokens(arch.genes.size());
  for (size_t g = 0; g < arch.genes.size(); ++g) {
    const int choice = arch.genes[g];
    if (choice < 0 || choice >= choices_[g])
      throw std::invalid_argument("nao: gene " + std::to_string(g) + " has choice " + std::to_string(choice) +
                                  ", outside 0.." + std::to_string(choices_[g] - 1));
    tokens[g] = first_[g] + choice;
  }
  return tokens;
}

Arch ArchVocabulary::decode(const std::vector<int64_t>& tokens) const {
  if (static_cast<int64_t>(tokens.size()) != length())
    throw std::invalid_argument("nao: " + std::to_string(tokens.size()) + " tokens for a space of " +
                                std::to_string(length()) + " genes");
  Arch arch{space_, std::vector<int>(tokens.size())};
  for (size_t g = 0; g < tokens.size(); ++g) {
    const int64_t choice = tokens[g] - first_[g];
    if (choice < 0 || choice >= choices_[g])
      throw std::invalid_argument("nao: token " + std::to_string(tokens[g]) + " at position " + std::to_string(g) +
                                  " is not a choice of that gene");
    arch.genes[g] = static_cast<int>(choice);
  }
  return arch;
}

}  // namespace naskernel::nao
