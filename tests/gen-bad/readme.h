/* What the template cases take as pki/certdir_readme.h: two words, two parts. */
enum readme_word {
    README_WORD_HOST,
    README_WORD_SEED_OPTION,
    README_WORD_COUNT
};
extern const struct readme_piece certdir_readme_head[];
extern const struct readme_piece certdir_readme_tail[];
