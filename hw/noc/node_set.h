#pragma once
// A set of mesh nodes as a bitmap, visited in ascending order: the mesh steps only the routers and
// network interfaces that hold work, in the same order as a loop over every node would.
#include <cstdint>
#include <vector>

namespace spinaps::noc {

class NodeSet {
 public:
  explicit NodeSet(std::uint32_t nodes) : words_((nodes + 63) / 64, 0) {}

  void insert(std::uint32_t node) {
    std::uint64_t& word = words_[node / 64];
    size_ += (word & bit(node)) == 0 ? 1 : 0;
    word |= bit(node);
  }
  void erase(std::uint32_t node) {
    std::uint64_t& word = words_[node / 64];
    size_ -= (word & bit(node)) != 0 ? 1 : 0;
    word &= ~bit(node);
  }
  /// erase(node) when `condition`, without a branch.
  void erase_if(std::uint32_t node, bool condition) {
    std::uint64_t& word = words_[node / 64];
    const std::uint64_t removed = word & (static_cast<std::uint64_t>(condition) << (node % 64));
    size_ -= static_cast<std::uint32_t>(removed != 0);
    word &= ~removed;
  }
  [[nodiscard]] std::uint32_t size() const { return size_; }

  /// Calls visit(node) for each member in ascending order. `visit` may erase the node it is given
  /// (each word is read once, before its members are visited); it must not insert.
  template <typename Visit>
  void for_each(Visit&& visit) const {
    for (std::size_t word = 0; word < words_.size(); ++word) {
      for (std::uint64_t left = words_[word]; left != 0; left &= left - 1) {
        visit(static_cast<std::uint32_t>(word * 64 + static_cast<std::size_t>(__builtin_ctzll(left))));
      }
    }
  }

  /// Calls visit(first, members) for each word of the set, `first` being the node of its bit 0:
  /// for callers that pick members out a word at a time. Each word is read once, before its visit.
  template <typename Visit>
  void for_each_word(Visit&& visit) const {
    for (std::size_t word = 0; word < words_.size(); ++word) {
      if (words_[word] != 0) visit(static_cast<std::uint32_t>(word * 64), words_[word]);
    }
  }

 private:
  static std::uint64_t bit(std::uint32_t node) { return std::uint64_t{1} << (node % 64); }
  std::vector<std::uint64_t> words_;
  std::uint32_t size_ = 0;
};

}  // namespace spinaps::noc
