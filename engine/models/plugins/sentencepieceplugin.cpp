// SPDX-License-Identifier: GPL-3.0-or-later
// SentencePiece behind a C interface, loaded with dlopen(RTLD_LOCAL | RTLD_DEEPBIND).
// Debian's libsentencepiece carries its own copy of protobuf-lite and exports its symbols; in a
// process that also loads libtorch (which links libprotobuf) the two copies interpose on each
// other and the program crashes before main. Loaded this way, SentencePiece binds to its copy.
#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

class TextIterator : public sentencepiece::SentenceIterator {
public:
    TextIterator(const char *const *texts, std::size_t count) : m_texts(texts), m_count(count) { load(); }
    bool done() const override { return m_at >= m_count; }
    void Next() override {
        ++m_at;
        load();
    }
    const std::string &value() const override { return m_value; }
    sentencepiece::util::Status status() const override { return {}; }

private:
    void load() {
        while (m_at < m_count && !*m_texts[m_at])
            ++m_at; // empty texts are skipped
        if (m_at < m_count)
            m_value = m_texts[m_at];
    }
    const char *const *m_texts;
    std::size_t m_count, m_at = 0;
    std::string m_value;
};

char *copyOut(const std::string &s, std::size_t *size) {
    auto *out = static_cast<char *>(std::malloc(s.size() + 1));
    std::memcpy(out, s.data(), s.size());
    out[s.size()] = 0;
    if (size)
        *size = s.size();
    return out;
}

} // namespace

extern "C" {

// Trains a unigram model; returns 0 and the serialized model in *model (free with
// recscope_spm_free_buffer), or -1 and a message in *error.
__attribute__((visibility("default"))) int recscope_spm_train(const char *const *texts, std::size_t count, int vocabulary,
                                                              char **model, std::size_t *modelSize, char **error) {
    TextIterator it(texts, count);
    std::string serialized;
    const auto status = sentencepiece::SentencePieceTrainer::Train(
        {{"vocab_size", std::to_string(vocabulary)},
         {"model_type", "unigram"},
         {"hard_vocab_limit", "false"}, // small catalogs have fewer pieces than asked
         {"character_coverage", "1.0"},
         {"pad_id", "0"},
         {"unk_id", "1"},
         {"bos_id", "-1"},
         {"eos_id", "-1"},
         {"num_threads", "1"},
         {"minloglevel", "2"}},
        &it, &serialized);
    if (!status.ok()) {
        *error = copyOut(status.ToString(), nullptr);
        return -1;
    }
    *model = copyOut(serialized, modelSize);
    return 0;
}

__attribute__((visibility("default"))) void *recscope_spm_load(const char *model, std::size_t size, char **error) {
    auto *p = new sentencepiece::SentencePieceProcessor;
    if (const auto status = p->LoadFromSerializedProto(std::string(model, size)); !status.ok()) {
        *error = copyOut(status.ToString(), nullptr);
        delete p;
        return nullptr;
    }
    return p;
}

__attribute__((visibility("default"))) int recscope_spm_vocabulary(void *processor) {
    return static_cast<sentencepiece::SentencePieceProcessor *>(processor)->GetPieceSize();
}

// Writes up to `capacity` ids; returns how many the text has.
__attribute__((visibility("default"))) int recscope_spm_encode(void *processor, const char *text, std::size_t size, int *ids,
                                                               int capacity) {
    std::vector<int> out;
    static_cast<sentencepiece::SentencePieceProcessor *>(processor)->Encode(std::string(text, size), &out);
    for (int i = 0; i < capacity && i < static_cast<int>(out.size()); ++i)
        ids[i] = out[static_cast<std::size_t>(i)];
    return static_cast<int>(out.size());
}

__attribute__((visibility("default"))) void recscope_spm_release(void *processor) {
    delete static_cast<sentencepiece::SentencePieceProcessor *>(processor);
}

__attribute__((visibility("default"))) void recscope_spm_free_buffer(char *buffer) { std::free(buffer); }
}
