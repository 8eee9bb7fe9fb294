<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>TrainingSettings</name>
    <message>
        <location filename="../widgets/training/settingtexts.cpp" line="+26"/>
        <source>&amp;Epochs</source>
        <translation>训练轮数(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passes over the training data; early stopping may end the run sooner.</source>
        <translation>遍历训练数据的轮数；早停可能让运行提前结束。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Batch size</source>
        <translation>批大小(&amp;B)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training rows per step (with DP-SGD: the expected number of units per step).</source>
        <translation>每步的训练行数（使用 DP-SGD 时：每步期望的单元数）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Learning rate</source>
        <translation>学习率(&amp;L)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The optimiser&apos;s step size.</source>
        <translation>优化器的步长。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Weight decay</source>
        <translation>权重衰减(&amp;W)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An L2 penalty through the optimiser (decoupled with AdamW; biased MF: on each rating&apos;s factors and biases).</source>
        <translation>由优化器施加的 L2 惩罚（AdamW 下为解耦形式；带偏置 MF：作用于每条评分的因子和偏置）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>L&amp;1 on item vectors</source>
        <translation>物品向量 L1(&amp;1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An L1 penalty on the item vectors, which pushes rarely seen items&apos; vectors to zero.</source>
        <translation>对物品向量施加 L1 惩罚，使少见物品的向量趋于零。</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+3"/>
        <location line="+43"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="-45"/>
        <source>&amp;Patience</source>
        <translation>耐心值(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Epochs without a better validation NDCG@10 before the run stops early.</source>
        <translation>验证集 NDCG@10 连续多少轮没有提升后提前停止。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time b&amp;udget (minutes)</source>
        <translation>时间预算（分钟）(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop training when this much time is spent, keeping the best epoch: no epoch starts that would end past it, and the learning-rate decay spans the budget instead of the epochs (set Epochs high).</source>
        <translation>训练用满这么多时间即停止，保留最佳轮次：不会开始一个会超出预算才结束的轮次；学习率衰减按预算而不是轮数展开（请把训练轮数设大）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Start from</source>
        <translation>起点(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fine-tune: start from a finished run of the same model and shape; items and users are matched by id, so the run may come from another slice of the data.</source>
        <translation>微调：从同一模型、同一结构的已完成运行开始；物品和用户按编号匹配，因此该运行可以来自数据的另一个切片。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Max &amp;history</source>
        <translation>最大历史(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The newest items of a history the model reads.</source>
        <translation>模型读取的历史中最新物品的数量。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Hidden size</source>
        <translation>隐藏层维度(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The width of the item and user vectors.</source>
        <translation>物品向量和用户向量的宽度。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>La&amp;yers</source>
        <translation>层数(&amp;Y)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Transformer blocks.</source>
        <translation>Transformer 块数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>H&amp;eads</source>
        <translation>注意力头数(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attention heads per block; the hidden size must be a multiple of them.</source>
        <translation>每个块的注意力头数；隐藏维度必须是它的倍数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Feed-forward width</source>
        <translation>前馈宽度(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The feed-forward layer&apos;s width as a multiple of the hidden size (SASRec 1, BERT 4).</source>
        <translation>前馈层宽度，以隐藏维度的倍数表示（SASRec 为 1，BERT 为 4）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Activation</source>
        <translation>激活函数(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The feed-forward layer&apos;s activation.</source>
        <translation>前馈层的激活函数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Dropout</source>
        <translation>Dropout(&amp;D)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Dropout in the transformer blocks.</source>
        <translation>Transformer 块中的 Dropout。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>L&amp;oss</source>
        <translation>损失(&amp;O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>BCE: each position&apos;s next item against one sampled item. Cross-entropy: a softmax over the whole catalog, slower per step and far fewer epochs to the same accuracy. Sampled softmax: against items drawn for each batch, close to cross-entropy at a fraction of its cost on a large catalog.</source>
        <translation>BCE：每个位置的下一个物品与一个采样物品比较。交叉熵：在整个目录上做 softmax，每步更慢，但达到同样精度所需的轮数少得多。采样 softmax：与每批抽取的物品比较，效果接近交叉熵，在大目录上代价只是其一小部分。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Neighbours</source>
        <translation>近邻数(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Item-kNN: the most similar items kept for each item.</source>
        <translation>Item-kNN：为每个物品保留的最相似物品数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Mask probability</source>
        <translation>遮盖概率(&amp;M)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>BERT4Rec: the share of history items hidden and predicted in training.</source>
        <translation>BERT4Rec：训练中被遮盖并预测的历史物品比例。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mask the &amp;newest item</source>
        <translation>遮盖最新物品(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>BERT4Rec: the chance that a training row&apos;s newest item is masked as well, the position a recommendation is read from.</source>
        <translation>BERT4Rec：训练行中最新物品也被遮盖的概率，推荐正是从这个位置读出的。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Optimizer</source>
        <translation>优化器(&amp;O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Warm-up epochs</source>
        <translation>预热轮数(&amp;W)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The learning rate rises linearly from zero over these epochs.</source>
        <translation>学习率在这些轮次内从零线性上升。</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+51"/>
        <location line="+35"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="-85"/>
        <source>&amp;Decay</source>
        <translation>衰减(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>After the warm-up the learning rate stays, or falls to zero at the last epoch.</source>
        <translation>预热之后学习率保持不变，或在最后一轮降至零。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gradient &amp;clipping</source>
        <translation>梯度裁剪(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The gradient&apos;s norm is scaled down to this before each step.</source>
        <translation>每一步之前将梯度范数缩小到此值。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Batches</source>
        <translation>批次(&amp;B)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Random batches learn as the papers do; each is computed in groups of like length, with no work on padding. Batches of users of like history length save a little more time, but a batch of short histories then counts as much as a full one and the model learns more slowly.</source>
        <translation>随机批次与论文中的训练方式一致；每个批次按长度相近分组计算，不在填充上做无用功。按历史长度相近组成批次还能再省一点时间，但由短历史组成的批次会与完整批次同等计数，模型学得更慢。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Long &amp;histories</source>
        <translation>长历史(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A model reads at most its longest history. Trained on the newest items alone, the older part of a long history is never learnt from; in windows, every interaction is a target once, and an epoch takes longer.</source>
        <translation>模型最多读取其最长历史。只用最新的条目训练时,长历史中较早的部分从不参与学习;按窗口训练时,每次交互都恰好作为一次目标,每轮耗时更长。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>S&amp;eed</source>
        <translation>随机种子(&amp;E)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The same seed repeats a run on this machine.</source>
        <translation>相同的种子可在本机上重复一次运行。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compute &amp;threads</source>
        <translation>计算线程数(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Threads this run computes with; at the minimum, the number set in Preferences.</source>
        <translation>此运行使用的计算线程数；取最小值时使用“首选项”中的设置。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>as in Preferences</source>
        <translation>同首选项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Com&amp;pute device</source>
        <translation>计算设备(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where the run trains: as set in Preferences, on the processor, or on a GPU (a build with CUDA on a machine with a GPU). A run trained on a GPU scores and explains on any machine.</source>
        <translation>运行在何处训练：按首选项中的设置、在处理器上，或在 GPU 上（需要支持 CUDA 的构建和装有 GPU 的机器）。在 GPU 上训练的运行可以在任何机器上评分和解释。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Items drawn &amp;per batch</source>
        <translation>每批抽取的物品数(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sampled softmax: every target of a batch is ranked against this many items drawn from the catalog.</source>
        <translation>采样 softmax：批次中的每个目标都与从目录中抽取的这么多物品一起排序。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Items &amp;drawn as</source>
        <translation>物品的抽取方式(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sampled softmax: every item alike, or as often as it is a training target. Popular items are then the harder negatives they are in the full softmax; each drawn item&apos;s score is corrected by its chance to be drawn (log-Q).</source>
        <translation>采样 softmax:每个物品机会相同,或按其作为训练目标的频次抽取。热门物品因此成为与全量 softmax 中一样的难负例;每个被抽到的物品的得分按其被抽中的概率校正(log-Q)。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sampled &amp;negatives</source>
        <translation>采样负例数(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Items the held-out item is ranked against in validation and test (NDCG@10, HR@10): sampled from those the user never saw, the same ones every epoch.</source>
        <translation>验证和测试（NDCG@10、HR@10）中与留出物品比较排名的物品：从用户未接触过的物品中采样，每轮相同。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>S&amp;plit</source>
        <translation>划分(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave-one-out: each user&apos;s last item is the test case. Cold start: a tenth of the items never appear in training; each user&apos;s last such item is ranked among held-out items only. Temporal: everything after a global time cut is test (needs timestamps). Random: a random share of the interactions is test. K-fold: a group of users never seen in training, tested on their last item; the privacy audit needs such a run.</source>
        <translation>留一法：每个用户的最后一个物品作为测试样例。冷启动：十分之一的物品从不出现在训练中；每个用户最后一个此类物品只在留出物品中排名。时间划分：全局时间切点之后的全部交互作为测试（需要时间戳）。随机：随机一部分交互作为测试。K 折：一组训练中从未见过的用户，以其最后一个物品测试；隐私审计需要这样的运行。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Test &amp;share</source>
        <translation>测试比例(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Temporal and random splits: the share of the interactions in the test part.</source>
        <translation>时间划分和随机划分：测试部分所占交互的比例。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Folds</source>
        <translation>折数(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>K-fold split: the groups the users are dealt into.</source>
        <translation>K 折划分：用户被分成的组数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Held-out f&amp;old</source>
        <translation>留出的折(&amp;O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>K-fold split: the group held out, counted from 0 (below the number of folds).</source>
        <translation>K 折划分：留出的组，从 0 开始计数（小于折数）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Item &amp;text tokens</source>
        <translation>物品文本词元(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many tokens of each item&apos;s title, categories and description the model reads.</source>
        <translation>模型读取每个物品的标题、类别和描述的词元数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Vocabulary</source>
        <translation>词表大小(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The own language model: the size of the tokenizer&apos;s vocabulary, learnt from the item text.</source>
        <translation>自带语言模型：分词器词表的大小，从物品文本中学习。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pre&amp;training epochs</source>
        <translation>预训练轮数(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Masked-language-model epochs on the item text before the recommender is trained.</source>
        <translation>在训练推荐模型之前，在物品文本上进行掩码语言模型预训练的轮数。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Item &amp;vector</source>
        <translation>物品向量(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What an item&apos;s vector is made of: its text alone, or its text and a vector learnt for its id.</source>
        <translation>物品向量的构成：仅由文本，或由文本加上为其编号学习的向量。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Id dropout</source>
        <translation>编号 Dropout(&amp;I)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The share of items trained on their text alone, so that items never seen in training still score well.</source>
        <translation>只用文本训练的物品比例，使训练中从未出现的物品也能得到好的分数。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Text en&amp;coder</source>
        <translation>文本编码器(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A Hugging Face BERT-family folder (config.json, model.safetensors, vocab.txt or tokenizer.json): BERT, MiniLM or a sentence-transformers model built on BERT. It reads each item&apos;s text instead of the model&apos;s own small language model. Leave empty for the own one.</source>
        <translation>Hugging Face 的 BERT 系列模型文件夹（config.json、model.safetensors、vocab.txt 或 tokenizer.json）：BERT、MiniLM 或基于 BERT 的 sentence-transformers 模型。它代替模型自带的小型语言模型读取每个物品的文本。留空则使用自带模型。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its own, pretrained on the item text</source>
        <translation>使用自带模型（在物品文本上预训练）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fine-tuned &amp;layers</source>
        <translation>微调层数(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Frozen: the encoder reads the catalog once (kept in the project) and the run trains an adaptor over its vectors. N: its last N layers are trained with the recommender as well; slower, and its reading of the lower layers is kept instead.</source>
        <translation>冻结：编码器只读取一次物品目录（结果保存在项目中），运行只训练其向量之上的适配器。N：编码器的最后 N 层与推荐模型一同训练；更慢，此时保存的是较低各层的读取结果。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>none (frozen)</source>
        <translation>无（冻结）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Differential privacy</source>
        <translation>差分隐私(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DP-SGD: each step clips the gradient of every sampled user (or example) to the clip norm and adds Gaussian noise, so no single unit can change the model by much. User level protects everything one user did; example level one window of a history. The accountant reports epsilon for delta as training goes. For the text-aware model choose the BCE loss: with cross-entropy each user&apos;s step encodes the whole catalog&apos;s text.</source>
        <translation>DP-SGD：每一步将每个被采样用户（或样例）的梯度裁剪到裁剪范数并加入高斯噪声，使任何单个单元都无法大幅改变模型。用户级保护一个用户的全部行为；样例级保护历史中的一个窗口。训练过程中，隐私核算器按 delta 报告 epsilon。文本感知模型请选择 BCE 损失：使用交叉熵时，每个用户的一步都要编码整个目录的文本。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Noise multiplier</source>
        <translation>噪声乘数(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The noise&apos;s standard deviation in units of the clip norm. At the minimum the noise is chosen so that the last epoch ends at the target epsilon.</source>
        <translation>噪声的标准差，以裁剪范数为单位。取最小值时，噪声会被选定为使最后一轮恰好达到目标 epsilon。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>chosen for the target</source>
        <translation>按目标选择</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Clip norm</source>
        <translation>裁剪范数(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Each unit&apos;s gradient is scaled down to this norm before the noise is added.</source>
        <translation>加入噪声之前，每个单元的梯度被缩放到此范数以内。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>De&amp;lta</source>
        <translation>Delta(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The chance the epsilon guarantee may fail; by default one over the number of units.</source>
        <translation>epsilon 保证可能失效的概率；默认为单元数的倒数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 / number of units</source>
        <translation>1 / 单元数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Target epsilon</source>
        <translation>目标 epsilon(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training stops before a step would spend more than this.</source>
        <translation>当下一步将花费超过此值时训练停止。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sa&amp;mpling</source>
        <translation>抽样(&amp;M)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The accountant&apos;s guarantee assumes Poisson sampling; shuffled batches are accounted at the same rate, the usual approximation.</source>
        <translation>会计器的保证假设泊松抽样；打乱的批次按相同抽样率计算，这是常用的近似。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GELU</source>
        <translation>GELU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AdamW (decoupled weight decay)</source>
        <translation>AdamW（解耦权重衰减）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SGD with momentum</source>
        <translation>带动量的 SGD</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Linear to zero</source>
        <translation>线性降至零</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cosine to zero</source>
        <translation>余弦降至零</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>BCE, one sampled negative</source>
        <translation>BCE，每个位置一个采样负例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cross-entropy over the catalog</source>
        <translation>全物品目录上的交叉熵</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sampled softmax</source>
        <translation>采样 softmax</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Uniformly</source>
        <translation>均匀抽取</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By popularity, log-Q corrected</source>
        <translation>按流行度抽取,log-Q 校正</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Random users</source>
        <translation>随机用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Users of like history length</source>
        <translation>历史长度相近的用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Newest items only</source>
        <translation>仅最新条目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All of it, in windows</source>
        <translation>全部,分窗口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave-one-out</source>
        <translation>留一法</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cold-start items</source>
        <translation>冷启动物品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Temporal (a global time cut)</source>
        <translation>时间划分（全局时间切点）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Random interactions</source>
        <translation>随机交互</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>K-fold (users held out)</source>
        <translation>K 折（留出用户）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text and item id</source>
        <translation>文本和物品编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text only</source>
        <translation>仅文本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User level (a whole history)</source>
        <translation>用户级（整段历史）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Example level (a window of a history)</source>
        <translation>样例级（历史中的一个窗口）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Poisson (each unit on its own coin)</source>
        <translation>泊松（每个单元独立抽签）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Uniform (shuffled fixed batches)</source>
        <translation>均匀（打乱后的固定批次）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Popularity (baseline)</source>
        <translation>流行度（基线）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Item-kNN (cosine)</source>
        <translation>Item-kNN（余弦相似度）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>BPR matrix factorization</source>
        <translation>BPR 矩阵分解</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Biased MF (predicts explicit ratings)</source>
        <translation>带偏置矩阵分解（预测显式评分）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SASRec (causal self-attention)</source>
        <translation>SASRec（因果自注意力）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>BERT4Rec (bidirectional, masked items)</source>
        <translation>BERT4Rec（双向，掩码物品预测）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text-aware transformer (reads item text)</source>
        <translation>文本感知 Transformer（读取物品文本）</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schedule</source>
        <translation>训练计划</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Privacy</source>
        <translation>隐私</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/main.cpp" line="+62"/>
        <source>RecScope: a workbench for transformer recommenders.</source>
        <translation>RecScope：Transformer 推荐模型工作台。</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Open the bundled demo project (created on first use).</source>
        <translation>打开内置示例项目（首次使用时创建）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start, show the main window, and quit (for installation checks).</source>
        <translation>启动并显示主窗口后退出（用于安装检查）。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A project file to open.</source>
        <translation>要打开的项目文件。</translation>
    </message>
</context>
<context>
    <name>recscope::AboutDialog</name>
    <message>
        <location filename="../app/helpdialog.cpp" line="+66"/>
        <source>About RecScope</source>
        <translation>关于 RecScope</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;h2&gt;RecScope %1&lt;/h2&gt;&lt;p&gt;A workbench for building and questioning recommender systems made of transformer language models.&lt;/p&gt;&lt;p&gt;Copyright © the RecScope developers. Licensed under the GNU General Public License, version 3 or later.&lt;/p&gt;&lt;p&gt;Built with Qt %2, QCustomPlot 2.1 and %3.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;RecScope %1&lt;/h2&gt;&lt;p&gt;用于构建和审视基于 Transformer 语言模型的推荐系统的工作台。&lt;/p&gt;&lt;p&gt;版权所有 © RecScope 开发者。依据 GNU 通用公共许可证第 3 版或更高版本授权。&lt;/p&gt;&lt;p&gt;构建于 Qt %2、QCustomPlot 2.1 和 %3 之上。&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+2"/>
        <source>Licenses</source>
        <translation>许可证</translation>
    </message>
</context>
<context>
    <name>recscope::AttentionBarsChart</name>
    <message>
        <location filename="../widgets/explain/attentionbarschart.cpp" line="+17"/>
        <source>What the prediction reads</source>
        <translation>预测位置读取的内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>attention weight</source>
        <translation>注意力权重</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>this layer and head</source>
        <translation>此层与此头</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>rollout through all layers</source>
        <translation>贯穿各层的注意力展开（rollout）</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>%1 (position %2)
weight %3</source>
        <translation>%1（位置 %2）
权重 %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>
rollout %1</source>
        <translation>
rollout %1</translation>
    </message>
</context>
<context>
    <name>recscope::AttentionHeatmap</name>
    <message>
        <location filename="../widgets/explain/attentionheatmap.cpp" line="+15"/>
        <source>Attention: each row is a position reading the earlier ones (rows sum to 1)</source>
        <translation>注意力：每一行是一个位置对之前各项的读取（每行之和为 1）</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <location line="-93"/>
        <source>Wheel to zoom, drag to move, double-click to see every position</source>
        <translation>滚轮缩放，拖动平移，双击显示全部位置</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>read position (key)</source>
        <translation>被读取的位置（键）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reading (query)</source>
        <translation>读取位置（查询）</translation>
    </message>
    <message>
        <location line="+96"/>
        <source>share of the row&apos;s largest weight</source>
        <translation>占该行最大权重的比例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>weight (log scale)</source>
        <translation>权重（对数刻度）</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>%1 reads %2
weight %3 (the row&apos;s largest: %4)</source>
        <translation>%1 读取 %2
权重 %3（该行最大：%4）</translation>
    </message>
</context>
<context>
    <name>recscope::AttentionThumbnails</name>
    <message>
        <location filename="../widgets/explain/attentionthumbnails.cpp" line="+47"/>
        <source>Layer %1</source>
        <translation>第 %1 层</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>average</source>
        <translation>平均</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>head 1</source>
        <translation>头 1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>head %1</source>
        <translation>头 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layer %1, heads averaged</source>
        <translation>第 %1 层，各头平均</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Layer %1, head %2</source>
        <translation>第 %1 层，第 %2 个头</translation>
    </message>
</context>
<context>
    <name>recscope::ChartWidget</name>
    <message>
        <location filename="../widgets/common/chartwidget.cpp" line="+112"/>
        <source>Export chart…</source>
        <translation>导出图表…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset zoom</source>
        <translation>重置缩放</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Unknown chart format &apos;%1&apos;: use .png, .svg or .pdf.</source>
        <translation>未知的图表格式“%1”：请使用 .png、.svg 或 .pdf。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Could not write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+10"/>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg);;PDF 文档 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>recscope::ComparisonPanel</name>
    <message>
        <location filename="../widgets/compare/comparisonpanel.cpp" line="+70"/>
        <source>&amp;Runs to compare (the first checked is the baseline):</source>
        <translation>要比较的运行(&amp;R)（第一个勾选的为基线）：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Runs to compare</source>
        <translation>要比较的运行</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Evaluation protocol</source>
        <translation>评估协议</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Full ranking (all items)</source>
        <translation>全量排序（所有物品）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>100 uniform negatives</source>
        <translation>100 个均匀采样负例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>100 popularity-sampled negatives</source>
        <translation>100 个按流行度采样负例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Candidates the held-out item is ranked against. Runs on the cold-start split are ranked among the held-out items.</source>
        <translation>留出物品与之比较排名的候选集。冷启动划分的运行在留出物品之间排名。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cut-off K for the charts</source>
        <translation>图表的截断值 K</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Evaluate and compare</source>
        <translation>评估并比较(&amp;E)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check two or more finished runs, then evaluate. Stored evaluations under the same protocol are reused.</source>
        <translation>勾选两个或更多已完成的运行，然后评估。相同协议下已保存的评估结果会被复用。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Protocol:</source>
        <translation>协议(&amp;P)：</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Metrics shown</source>
        <translation>显示的指标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accuracy</source>
        <translation>准确性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Beyond accuracy (coverage, diversity, popularity bias)</source>
        <translation>准确性之外（覆盖率、多样性、流行度偏差）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Calibration and exposure (long tail, exposure fairness, miscalibration)</source>
        <translation>校准与曝光（长尾、曝光公平性、失准度）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Metrics</source>
        <translation>指标(&amp;M)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Horizontal axis metric</source>
        <translation>横轴指标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vertical axis metric</source>
        <translation>纵轴指标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Horizontal:</source>
        <translation>横轴：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Vertical:</source>
        <translation>纵轴：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Trade-off</source>
        <translation>权衡(&amp;T)</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>&amp;Curves</source>
        <translation>曲线(&amp;C)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Per-user metric</source>
        <translation>按用户的指标</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Per &amp;user</source>
        <translation>按用户(&amp;U)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>T&amp;able</source>
        <translation>表格(&amp;A)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Re-ranking</source>
        <translation>重排序(&amp;R)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The chart on this tab as PNG, SVG or PDF; the table as CSV</source>
        <translation>将此标签页的图表导出为 PNG、SVG 或 PDF；表格导出为 CSV</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Compare runs</source>
        <translation>比较运行</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Run to re-rank</source>
        <translation>要重排序的运行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Re-rank for</source>
        <translation>重排目标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diversity (MMR)</source>
        <translation>多样性（MMR）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Calibration to each user&apos;s genres</source>
        <translation>校准到每位用户的类型分布</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MMR trades relevance for lists whose items are unlike each other; calibration (Steck 2018) for lists whose genre mix matches the user&apos;s history</source>
        <translation>MMR 以相关性换取彼此不相似的列表；校准（Steck 2018）以相关性换取类型分布与用户历史相符的列表</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Similarity for diversity</source>
        <translation>多样性所用的相似度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Genres / categories (Jaccard)</source>
        <translation>类型 / 类别（Jaccard）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Co-occurrence (cosine)</source>
        <translation>共现（余弦）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compute &amp;trade-off</source>
        <translation>计算权衡(&amp;T)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run:</source>
        <translation>运行：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Re-rank for:</source>
        <translation>重排目标：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Similarity:</source>
        <translation>相似度：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>MMR lambda</source>
        <translation>MMR λ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1: the model&apos;s own order; 0: only diversity counts</source>
        <translation>1：模型自身的排序；0：只考虑多样性</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Compare runs, pick one, then compute its trade-off: each user&apos;s top 50 are re-ranked by maximal marginal relevance for every lambda from 0 to 1.</source>
        <translation>先比较运行并选择其中一个，再计算其权衡：对从 0 到 1 的每个 λ，用最大边际相关性对每个用户的前 50 个推荐重新排序。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>λ (relevance weight):</source>
        <translation>λ（相关性权重）：</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Re-ranking %1 for diversity</source>
        <translation>为多样性重排序 %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Re-ranking %1 for calibration</source>
        <translation>正在为校准重排 %1</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>trade-off over %n values of lambda</source>
        <translation>
            <numerusform>%n 个 λ 取值上的权衡</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+125"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location line="-92"/>
        <source>λ = %1: NDCG %2 (%3), HR %4, miscalibration %5 bits (%6; lower is closer to each user&apos;s genre mix), ILD %7, coverage %8, against the model&apos;s own order.</source>
        <translation>λ = %1：NDCG %2（%3），HR %4，失准度 %5 比特（%6；越低越接近每位用户的类型分布），ILD %7，覆盖率 %8，相对于模型自身的排序。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>λ = %1: NDCG %2 (%3), HR %4, %5 %6 (%7), coverage %8, novelty %9 bits, against the model&apos;s own order.</source>
        <translation>λ = %1：NDCG %2（%3），HR %4，%5 %6（%7），覆盖率 %8，新颖度 %9 比特，相对于模型自身的排序。</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Check at least two finished runs to compare.</source>
        <translation>请至少勾选两个已完成的运行进行比较。</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>Comparing %n runs</source>
        <translation>
            <numerusform>正在比较 %n 个运行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%n runs compared</source>
        <translation>
            <numerusform>已比较 %n 个运行</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Evaluating…</source>
        <translation>正在评估…</translation>
    </message>
    <message numerus="yes">
        <location line="+34"/>
        <source>%1 on %n users, K = %2; differences tested against %3 (paired t-test and Wilcoxon signed-rank, same users).</source>
        <translation>
            <numerusform>%1，%n 个用户，K = %2；差异以 %3 为基线检验（配对 t 检验和 Wilcoxon 符号秩检验，相同用户）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not comparable, so not tested: %1</source>
        <translation>不可比较，因此未检验：%1</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>Higher APLT, lower AWRF and Miscal are better; * p &lt; 0.05, ** p &lt; 0.01, *** p &lt; 0.001 against the first run</source>
        <translation>APLT 越高、AWRF 和 Miscal 越低越好；* p &lt; 0.05，** p &lt; 0.01，*** p &lt; 0.001（相对于第一个运行）</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Δ %1</source>
        <translation>Δ %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>p (t-test) %1</source>
        <translation>p（t 检验）%1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>p (Wilcoxon) %1</source>
        <translation>p（Wilcoxon）%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Definition</source>
        <translation>定义</translation>
    </message>
    <message>
        <location line="+76"/>
        <location line="+3"/>
        <source>Export table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location line="-573"/>
        <source>Distribution shown as</source>
        <translation>分布的显示方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Box plot</source>
        <translation>箱线图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Histogram</source>
        <translation>直方图</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>Cost axis</source>
        <translation>成本坐标轴</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Latency per user, p50 (ms)</source>
        <translation>每用户延迟 p50（毫秒）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size on disk (MB)</source>
        <translation>磁盘大小（MB）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>FLOPs per scored user</source>
        <translation>每个评分用户的浮点运算数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cost:</source>
        <translation>成本：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Accuracy against privacy</source>
        <translation>准确率与隐私</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accuracy against privacy chart</source>
        <translation>准确率与隐私图</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Accuracy against cost</source>
        <translation>准确率与成本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accuracy against cost chart</source>
        <translation>准确率与成本图</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Pri&amp;vacy and cost</source>
        <translation>隐私与成本(&amp;V)</translation>
    </message>
    <message>
        <location line="+415"/>
        <source>%1 (no DP)</source>
        <translation>%1（无差分隐私）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Privacy spent ε</source>
        <translation>已花费的隐私 ε</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No run here was trained with differential privacy: train one with DP-SGD in the Train tab to see what privacy costs in accuracy.</source>
        <translation>这里没有使用差分隐私训练的运行：在“训练”页用 DP-SGD 训练一个，即可看到隐私在准确率上的代价。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Left: accuracy against the privacy spent by DP-SGD runs (smaller ε is more private; δ is in each run&apos;s tooltip in the runs table); runs without DP are the horizontal lines. Right: accuracy against what a run costs to use, measured on this machine. The dashed line joins the runs no other run beats on both axes.</source>
        <translation>左：DP-SGD 运行的准确率与已花费隐私的关系（ε 越小越私密；δ 见运行表中各运行的提示）；未使用差分隐私的运行显示为水平线。右：准确率与运行的使用成本（在本机测得）的关系。虚线连接在两个坐标轴上都不被其他运行超越的运行。</translation>
    </message>
    <message>
        <location line="-425"/>
        <source>S&amp;weeps</source>
        <translation>调参扫描(&amp;W)</translation>
    </message>
    <message>
        <location line="+313"/>
        <source>Rating error (RMSE, MAE; lower is better)</source>
        <translation>评分误差（RMSE、MAE；越低越好）</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Rating error over all held-out ratings (lower is better; * p &lt; 0.05, ** p &lt; 0.01, *** p &lt; 0.001 per user)</source>
        <translation>全部留出评分上的评分误差（越低越好；按用户检验：* p &lt; 0.05，** p &lt; 0.01，*** p &lt; 0.001）</translation>
    </message>
</context>
<context>
    <name>recscope::CurvesOverlayChart</name>
    <message>
        <location filename="../widgets/compare/curvesoverlaychart.cpp" line="+15"/>
        <source>Validation NDCG@10 per epoch (sampled, as measured during training)</source>
        <translation>每轮的验证 NDCG@10（采样评估，训练时测得）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>validation NDCG@10</source>
        <translation>验证 NDCG@10</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Epoch %1</source>
        <translation>第 %1 轮</translation>
    </message>
</context>
<context>
    <name>recscope::DatasetCatalog</name>
    <message>
        <location filename="../widgets/common/datasetcatalog.cpp" line="+19"/>
        <source>item %1</source>
        <translation>物品 %1</translation>
    </message>
</context>
<context>
    <name>recscope::DatasetExplorer</name>
    <message>
        <location filename="../widgets/datasets/datasetexplorer.cpp" line="+64"/>
        <source>Choose a dataset on the left, or import one with File ▸ Import Dataset…</source>
        <translation>请在左侧选择一个数据集，或通过“文件 ▸ 导入数据集…”导入。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+57"/>
        <source>Items</source>
        <translation>物品</translation>
    </message>
    <message>
        <location line="-56"/>
        <location line="+152"/>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="-151"/>
        <source>Data quality</source>
        <translation>数据质量</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Diagnostics</source>
        <translation>诊断</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Long-tail popularity chart</source>
        <translation>长尾流行度图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>History length histogram</source>
        <translation>历史长度直方图</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Right-click a chart to export it as PNG, SVG or PDF; hover to read values; scroll to zoom the long tail.</source>
        <translation>右键单击图表可导出为 PNG、SVG 或 PDF；悬停可查看数值；滚动鼠标可缩放长尾图。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Search items by id, title or category…</source>
        <translation>按编号、标题或类别搜索物品…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Item search</source>
        <translation>物品搜索</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>%1 of %2 items</source>
        <translation>%1 / %2 个物品</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>Find a user id…</source>
        <translation>查找用户编号…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>User search</source>
        <translation>用户搜索</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+195"/>
        <source>Select a user to see their history in order.</source>
        <translation>选择一个用户，按时间顺序查看其历史记录。</translation>
    </message>
    <message>
        <location line="-189"/>
        <source>User timeline</source>
        <translation>用户时间线</translation>
    </message>
    <message numerus="yes">
        <location line="+25"/>
        <source>History of %1: %n interaction(s), oldest first.</source>
        <translation>
            <numerusform>%1 的历史：%n 次交互，最早的在前。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Data-quality report</source>
        <translation>数据质量报告</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Fix: create a cleaned copy (the original stays as it is)</source>
        <translation>修复：创建清洗后的副本（原数据保持不变）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove duplicate interactions (keep the first)</source>
        <translation>删除重复交互（保留第一次）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drop interactions naming unknown items</source>
        <translation>删除指向未知物品的交互</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drop rows with missing, zero or future timestamps</source>
        <translation>删除时间戳缺失、为零或在未来的记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep only the k-core, k =</source>
        <translation>仅保留 k-core，k =</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>k for the k-core filter</source>
        <translation>k-core 过滤的 k 值</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Create cleaned copy</source>
        <translation>创建清洗副本</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Loading dataset…</source>
        <translation>正在加载数据集…</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Could not load the dataset: %1</source>
        <translation>无法加载数据集：%1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no timestamps (file order)</source>
        <translation>无时间戳（按文件顺序）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;table cellspacing=&apos;0&apos; cellpadding=&apos;3&apos;&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Users&lt;/b&gt;&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;%1&lt;/td&gt;&lt;td width=&apos;24&apos;&gt;&lt;/td&gt;&lt;td&gt;&lt;b&gt;History length&lt;/b&gt;&lt;/td&gt;&lt;td&gt;min %5 · median %6 · mean %7 · p90 %8 · max %9&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Items&lt;/b&gt;&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;%2&lt;/td&gt;&lt;td&gt;&lt;/td&gt;&lt;td&gt;&lt;b&gt;Popularity&lt;/b&gt;&lt;/td&gt;&lt;td&gt;top 10% of items hold %10 of interactions · Gini %11&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Interactions&lt;/b&gt;&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;%3&lt;/td&gt;&lt;td&gt;&lt;/td&gt;&lt;td&gt;&lt;b&gt;Time span&lt;/b&gt;&lt;/td&gt;&lt;td&gt;%12&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Density&lt;/b&gt;&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;%4&lt;/td&gt;&lt;td&gt;&lt;/td&gt;&lt;td&gt;&lt;b&gt;User ids&lt;/b&gt;&lt;/td&gt;&lt;td&gt;%13&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;table cellspacing=&apos;0&apos; cellpadding=&apos;3&apos;&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;用户&lt;/b&gt;&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;%1&lt;/td&gt;&lt;td width=&apos;24&apos;&gt;&lt;/td&gt;&lt;td&gt;&lt;b&gt;历史长度&lt;/b&gt;&lt;/td&gt;&lt;td&gt;最小 %5 · 中位数 %6 · 平均 %7 · 90 分位 %8 · 最大 %9&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;物品&lt;/b&gt;&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;%2&lt;/td&gt;&lt;td&gt;&lt;/td&gt;&lt;td&gt;&lt;b&gt;流行度&lt;/b&gt;&lt;/td&gt;&lt;td&gt;前 10% 的物品占 %10 的交互 · 基尼系数 %11&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;交互&lt;/b&gt;&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;%3&lt;/td&gt;&lt;td&gt;&lt;/td&gt;&lt;td&gt;&lt;b&gt;时间跨度&lt;/b&gt;&lt;/td&gt;&lt;td&gt;%12&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;密度&lt;/b&gt;&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;%4&lt;/td&gt;&lt;td&gt;&lt;/td&gt;&lt;td&gt;&lt;b&gt;用户编号&lt;/b&gt;&lt;/td&gt;&lt;td&gt;%13&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>%1 items</source>
        <translation>%1 个物品</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Cleaning %1</source>
        <translation>正在清洗 %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 with %2 interactions</source>
        <translation>%1，共 %2 次交互</translation>
    </message>
    <message>
        <location line="-384"/>
        <source>Re-identification</source>
        <translation>再识别</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>k (smallest group)</source>
        <translation>k（最小组）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Groups</source>
        <translation>组数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Unique users</source>
        <translation>唯一用户</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>How the columns were coarsened</source>
        <translation>各列如何被泛化</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Re-identification risk</source>
        <translation>再识别风险</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Users who share every value of the quasi-identifiers form a group; the table is k-anonymous for k = the smallest group. A user alone in a group can be singled out by anyone who knows those few facts about them, even with pseudonymized ids. Generalising (age in bands, fewer zip digits) shrinks the share of unique users.</source>
        <translation>准标识符取值完全相同的用户构成一组；当 k 等于最小组的大小时，该表是 k-匿名的。独自成组的用户，即使 ID 已假名化，任何知道其这几项信息的人都能把他挑出来。泛化（年龄分段、邮编保留更少位数）可降低唯一用户的比例。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>This dataset stores no user attributes (such as age, gender, occupation or zip code), so there are no quasi-identifiers to examine. MovieLens imported with its user file has them.&lt;br&gt;&lt;small&gt;%1&lt;/small&gt;</source>
        <translation>此数据集没有存储用户属性（如年龄、性别、职业或邮编），因此没有可检查的准标识符。连同用户文件导入的 MovieLens 数据集包含这些属性。&lt;br&gt;&lt;small&gt;%1&lt;/small&gt;</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&lt;b&gt;%1 of %2 users (%3)&lt;/b&gt; are unique on %4 as stored; k = %5.</source>
        <translation>按存储原样，&lt;b&gt;%2 个用户中有 %1 个（%3）&lt;/b&gt;在 %4 上是唯一的；k = %5。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>as stored</source>
        <translation>原样</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>generalised</source>
        <translation>泛化后</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>generalised further</source>
        <translation>进一步泛化后</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location line="-45"/>
        <source>Level</source>
        <translation>级别</translation>
    </message>
</context>
<context>
    <name>recscope::DatasetListModel</name>
    <message>
        <location filename="../widgets/datasets/datasetlistmodel.cpp" line="+40"/>
        <source>%1
%2 users · %3 items
%4 interactions</source>
        <translation>%1
%2 个用户 · %3 个物品
%4 次交互</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Format: %1
Source: %2
Imported: %3
User ids: %4
Fingerprint: %5</source>
        <translation>格式：%1
来源：%2
导入时间：%3
用户编号：%4
指纹：%5</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>as in the source</source>
        <translation>与来源相同</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>pseudonymized with a key kept outside the project (key %1)</source>
        <translation>已假名化，密钥保存在项目之外（密钥 %1）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>pseudonymized, but the key is stored in the project: anyone with the file can re-identify the users</source>
        <translation>已假名化，但密钥存放在项目中：任何持有该文件的人都能重新识别用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>pseudonymized irreversibly (the key was used once and wiped)</source>
        <translation>已不可逆假名化（密钥只用一次后即被清除）</translation>
    </message>
</context>
<context>
    <name>recscope::DiagnosticsPage</name>
    <message>
        <location filename="../widgets/datasets/diagnosticspage.cpp" line="+45"/>
        <source>Run to diagnose</source>
        <translation>要诊断的运行</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test users</source>
        <translation>测试用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many test users to sample; all of them by default (ML-1M: about 20 s on one thread)</source>
        <translation>要抽样的测试用户数；默认全部（ML-1M：单线程约 20 秒）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Diagnose</source>
        <translation>诊断(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>R&amp;un:</source>
        <translation>运行(&amp;U)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Test u&amp;sers:</source>
        <translation>测试用户(&amp;S)：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Does the model use the order of a history?</source>
        <translation>模型是否利用了历史的顺序？</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Does the evaluation leak the future?</source>
        <translation>评估是否泄露了未来？</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Items repeated across training and test</source>
        <translation>训练与测试之间重复的物品</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Choose a finished run on this dataset, then Diagnose. A diagnosis only reads the project.</source>
        <translation>请选择此数据集上已完成的运行，然后点击“诊断”。诊断只读取项目。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>No finished run on this dataset yet: train one in the Train tab to diagnose it.</source>
        <translation>此数据集上还没有已完成的运行：请先在“训练”页训练一个再诊断。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Diagnosing %1</source>
        <translation>正在诊断 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Diagnosed in %1 s</source>
        <translation>诊断用时 %1 秒</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cancelled; the project is unchanged.</source>
        <translation>已取消；项目未被改动。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Diagnosing…</source>
        <translation>正在诊断…</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>Run “%1”, %2 split, %n test user(s), in %3 s.</source>
        <translation>
            <numerusform>运行“%1”，%2 划分，%n 个测试用户，用时 %3 秒。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Yes: shuffling what the model reads lowers NDCG@%1 from %2 to %3.</source>
        <translation>是：打乱模型读取的部分后，NDCG@%1 从 %2 降到 %3。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No sign of it: with the histories shuffled NDCG@%1 is %2 against %3. Explanations by position (attention, the newest item) mean little for this model.</source>
        <translation>看不出来：打乱历史后 NDCG@%1 为 %2，原为 %3。对这个模型而言，基于位置的解释（注意力、最新物品）意义不大。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Drop when shuffled %1 (95% interval %2 to %3); reversed, NDCG@%4 is %5 (drop %6, interval %7 to %8). Each test user&apos;s history is read as it is, shuffled and reversed (the newest items the model reads; older ones stay in place); the interval is a paired bootstrap over users.</source>
        <translation>打乱后的下降 %1（95% 区间 %2 至 %3）；倒序时 NDCG@%4 为 %5（下降 %6，区间 %7 至 %8）。每个测试用户的历史分别按原样、打乱和倒序读取（只改动模型读取的最新物品，更早的保持原位）；区间为按用户配对的自助法区间。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Not measured: the dataset has no timestamps.</source>
        <translation>未测量：数据集没有时间戳。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Yes: %1 of the test interactions happened before the latest training interaction (%2).</source>
        <translation>是：%1 的测试交互发生在最晚的训练交互（%2）之前。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No: %1 of the test interactions happened before the latest training interaction.</source>
        <translation>否：只有 %1 的测试交互发生在最晚的训练交互之前。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model was trained on interactions that came after what it is tested on, so its test numbers may be optimistic. On a global temporal split (the last %7 of the interactions, from %1) the same model reaches NDCG@%2 %3 on %4 users, against %5 on its own split; %6 of its training interactions are from after that cut.</source>
        <translation>模型训练所用的交互晚于它被测试的内容，因此测试数值可能偏乐观。在全局时间划分上（最后 %7 的交互，从 %1 起），同一模型在 %4 个用户上的 NDCG@%2 为 %3，在其自身划分上为 %5；它的训练交互中有 %6 来自该切点之后。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 of the %2 test items are already among the user&apos;s training items (a full-ranking evaluation leaves a user&apos;s items out, so these can never be hit); %3 are in no one&apos;s training items.</source>
        <translation>%2 个测试物品中有 %1 已在该用户的训练物品中（全排序评估会排除用户已有的物品，因此这些永远无法命中）；%3 不在任何人的训练物品中。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 %2</source>
        <comment>two sentences in a row</comment>
        <translation>%1%2</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n interaction(s) repeat an earlier one exactly (same user, item and time).</source>
        <translation>
            <numerusform>%n 条交互与先前的一条完全重复（同一用户、物品和时间）。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>recscope::DistributionChart</name>
    <message>
        <location filename="../widgets/compare/distributionchart.cpp" line="+15"/>
        <location line="+43"/>
        <source>Per-user values: quartiles, whiskers at 1.5 × IQR, mean as a diamond</source>
        <translation>按用户的取值：四分位数，须线为 1.5 × IQR，菱形为均值</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>%1, %2 over %3 users
mean %4, median %5
quartiles %6 – %7</source>
        <translation>%1，%2，共 %3 个用户
均值 %4，中位数 %5
四分位数 %6 – %7</translation>
    </message>
    <message>
        <location line="-44"/>
        <source>share of users</source>
        <translation>用户占比</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Per-user values: share of users in each of 20 bins</source>
        <translation>按用户的取值：落入 20 个区间中每一个的用户占比</translation>
    </message>
</context>
<context>
    <name>recscope::EngineJob</name>
    <message>
        <location filename="../widgets/common/enginejob.cpp" line="+130"/>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Filtering and sorting…</source>
        <translation>正在过滤和排序…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Storing users…</source>
        <translation>正在存储用户…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Storing items…</source>
        <translation>正在存储物品…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Storing interactions…</source>
        <translation>正在存储交互…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saving to the project file…</source>
        <translation>正在保存到项目文件…</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>%1, line %2, field “%3”: %4</source>
        <translation>%1，第 %2 行，字段“%3”：%4</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1, line %2: %3</source>
        <translation>%1，第 %2 行：%3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Epoch %1 of %2</source>
        <translation>第 %1 / %2 轮</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Validating epoch %1…</source>
        <translation>正在验证第 %1 轮…</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Preparing the data…</source>
        <translation>正在准备数据…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Training the tokenizer on the item text…</source>
        <translation>正在用物品文本训练分词器…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pretraining the language model on the item text: epoch %1 of %2, loss %3</source>
        <translation>正在用物品文本预训练语言模型：第 %1 轮，共 %2 轮，损失 %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Counting co-occurrences…</source>
        <translation>正在统计共现…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ranking the catalog…</source>
        <translation>正在对物品目录排序…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Measuring diversity and novelty…</source>
        <translation>正在衡量多样性和新颖性…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evaluated</source>
        <translation>已评估</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re-ranking for diversity…</source>
        <translation>正在为多样性重排序…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re-ranked</source>
        <translation>已重排序</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recommending…</source>
        <translation>正在推荐…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Computing attributions…</source>
        <translation>正在计算归因…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Explained</source>
        <translation>解释范围</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reviewing explanations…</source>
        <translation>正在审查解释…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reviewed</source>
        <translation>已审查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Measuring latency, one user at a time…</source>
        <translation>正在测量延迟（每次一个用户）…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Measuring throughput, %1 users a batch…</source>
        <translation>正在测量吞吐量（每批 %1 个用户）…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Profiled</source>
        <translation>已测量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing the int8 run…</source>
        <translation>正在写入 int8 运行…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quantized</source>
        <translation>已量化</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing the pruned run…</source>
        <translation>正在写入剪枝后的运行…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pruned</source>
        <translation>已剪枝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scoring members and held-out users…</source>
        <translation>正在为训练用户和留出用户打分…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audited</source>
        <translation>已审计</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Testing the differences…</source>
        <translation>正在检验差异…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing every user&apos;s recommendations…</source>
        <translation>正在写入每位用户的推荐…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing the item and user vectors…</source>
        <translation>正在写入物品和用户向量…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exported</source>
        <translation>已导出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sweep finished</source>
        <translation>扫描完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diagnosing…</source>
        <translation>正在诊断…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diagnosed</source>
        <translation>诊断完成</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Writing the TorchScript model…</source>
        <translation>正在写入 TorchScript 模型…</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>Loading the pretrained encoder %1…</source>
        <translation>正在加载预训练编码器 %1…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading the item text with the pretrained encoder: %1 of %2 items</source>
        <translation>正在用预训练编码器读取物品文本：%1 / %2 个物品</translation>
    </message>
</context>
<context>
    <name>recscope::ExplainSettings</name>
    <message>
        <location filename="../widgets/explain/explainsettings.cpp" line="+16"/>
        <source>Attribution method</source>
        <translation>归因方法</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Automatic (exact up to 14 items)</source>
        <translation>自动（14 个物品以内为精确值）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exact Shapley values</source>
        <translation>精确 Shapley 值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KernelSHAP (sampled)</source>
        <translation>KernelSHAP（采样）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Permutation sampling</source>
        <translation>置换采样</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Masking</source>
        <translation>遮蔽方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take the item out</source>
        <translation>移除该物品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave a gap (padding)</source>
        <translation>留下空位（填充）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How an item is left out of a coalition. Take it out: the older items move up a place and the prediction is always read at the last position. Leave a gap: the others keep their positions and the prediction is read after the newest item present, so the newest item is also credited for moving where the prediction is read</source>
        <translation>物品如何从联盟中去掉。移出：较早的物品各前移一位，预测总在最后一个位置读取。留空：其他物品保持原位，预测在现存最新的物品之后读取，因此最新的物品还会因移动了预测读取的位置而获得归因</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Explained value</source>
        <translation>解释的数值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ranking: margin over the runner-up</source>
        <translation>排名：相对第二名的差值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Raw score (logit)</source>
        <translation>原始得分（logit）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Probability (log softmax over the catalog)</source>
        <translation>概率（全目录 softmax 的对数）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What the attributions add up to. Ranking: the item&apos;s score minus the best other item&apos;s, so an item that lifts every score alike gets no credit. Raw score: the model&apos;s score of this item alone. Probability: the log of the item&apos;s share of the softmax over the whole catalog. Words of the item&apos;s text always explain the raw score</source>
        <translation>归因相加所得的数值。排名：该物品得分减去其他物品中的最高得分，因此同等抬高所有得分的物品不获归因。原始得分：模型对该物品本身的得分。概率：该物品在全目录 softmax 中所占份额的对数。物品文本中的词语始终解释原始得分</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Newest items explained</source>
        <translation>解释的最新物品数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>all the model reads</source>
        <translation>模型读取的全部</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Explain only the newest N items of the history; the older ones stay in every coalition as context (the base value then keeps them). Up to 14 items are explained exactly; the review explains the last 10</source>
        <translation>只解释历史中最新的 N 个物品；更早的物品作为上下文保留在每个联盟中（基准值因此包含它们）。最多 14 个物品可精确解释；审查解释最后 10 个</translation>
    </message>
</context>
<context>
    <name>recscope::ExplanationPanel</name>
    <message>
        <location filename="../widgets/explain/explanationpanel.cpp" line="+80"/>
        <source>Run to explain</source>
        <translation>要解释的运行</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Recommend</source>
        <translation>推荐(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Top recommendations</source>
        <translation>最佳推荐</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a run and a user, then Recommend; select a recommendation to see why.</source>
        <translation>选择一个运行和一个用户，然后点击“推荐”；选中一条推荐即可查看原因。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>R&amp;un:</source>
        <translation>运行(&amp;U)：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>U&amp;ser:</source>
        <translation>用户(&amp;S)：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Method:</source>
        <translation>方法(&amp;M)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mas&amp;king:</source>
        <translation>遮蔽(&amp;K)：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sam&amp;ples:</source>
        <translation>样本数(&amp;P)：</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>&amp;Attributions</source>
        <translation>归因(&amp;A)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Layer and head</source>
        <translation>层和注意力头</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>A&amp;ttention</source>
        <translation>注意力(&amp;T)</translation>
    </message>
    <message>
        <location line="+187"/>
        <source>No user &apos;%1&apos; in this dataset.</source>
        <translation>此数据集中没有用户“%1”。</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>Recommending for %1</source>
        <translation>正在为 %1 推荐</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n recommendation(s)</source>
        <translation>
            <numerusform>%n 条推荐</numerusform>
        </translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Select a recommendation to see why it was made.</source>
        <translation>选中一条推荐，查看推荐的原因。</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Explaining…</source>
        <translation>正在解释…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Explaining %1</source>
        <translation>正在解释 %1</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n coalition(s) evaluated</source>
        <translation>
            <numerusform>已评估 %n 个联盟</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message numerus="yes">
        <location line="+49"/>
        <source>%n older item(s) lie outside the model&apos;s window and are not explained.</source>
        <translation>
            <numerusform>有 %n 个较早的物品位于模型窗口之外，未被解释。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hover a bar for its value and standard error; right-click to export.</source>
        <translation>悬停在条形上可查看数值和标准误；右键单击可导出。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Layer %1, heads averaged</source>
        <translation>第 %1 层，各头平均</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Layer %1, head %2</source>
        <translation>第 %1 层，第 %2 个头</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>No attention: this model does not read the history with attention</source>
        <translation>无注意力：此模型不使用注意力读取历史</translation>
    </message>
    <message>
        <location line="-638"/>
        <source>Attention shows where the model looked, not why it scored the item; choose a Shapley method for a reason.</source>
        <translation>注意力显示模型关注了哪里，而不是它为何给出此得分；请选择 Shapley 方法以获得原因。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No item of the history pushes this recommendation up: it comes from what the model learned overall.</source>
        <translation>历史中没有任何物品推高了这条推荐：它来自模型整体学到的规律。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Many items of the history add a little each; none stands out (the top three make up %1% of the positive attribution).</source>
        <translation>历史中许多物品各自贡献少许，没有哪一个特别突出（前三个占正向归因的 %1%）。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 and %2</source>
        <translation>%1 和 %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1, %2 and %3</source>
        <translation>%1、%2 和 %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recommended mainly because of %1 (%2% of the positive attribution).</source>
        <translation>主要因为 %1 而被推荐（占正向归因的 %2%）。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Players</source>
        <translation>参与者</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Items of the history</source>
        <translation>历史中的物品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Words of the item&apos;s text</source>
        <translation>物品文本中的词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What the attributions are shared among: the history&apos;s items, or (text model) the words of the recommended item&apos;s own text, the history held fixed</source>
        <translation>归因在谁之间分配：历史中的物品，或（文本模型）被推荐物品自身文本中的词（历史保持不变）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Coalitions to evaluate (KernelSHAP or permutation sampling): more gives smaller standard errors</source>
        <translation>要评估的联盟数（KernelSHAP 或置换采样）：越多标准误越小</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A report of this explanation for reviewers, as HTML or PDF</source>
        <translation>供审阅者阅读的本解释报告（HTML 或 PDF）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Pla&amp;yers:</source>
        <translation>参与者(&amp;Y)：</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Recommend for a user to edit their history here.</source>
        <translation>先为某个用户生成推荐，即可在此编辑其历史。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>History to edit</source>
        <translation>待编辑的历史</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Move &amp;up</source>
        <translation>上移(&amp;U)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Restore the user&apos;s &amp;history</source>
        <translation>恢复用户的历史(&amp;H)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;What if</source>
        <translation>假设分析(&amp;W)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Smallest &amp;change</source>
        <translation>最小改变(&amp;C)</translation>
    </message>
    <message>
        <location line="+154"/>
        <source>Still reading the dataset&apos;s users: try again in a moment, or give #index.</source>
        <translation>仍在读取数据集的用户：请稍后再试，或输入 #序号。</translation>
    </message>
    <message numerus="yes">
        <location line="+32"/>
        <source>The user&apos;s %n item(s), oldest first. Uncheck an item to leave it out, drag or move items to reorder: the recommendations and the explanation follow. Greyed items are older than the model&apos;s window.</source>
        <translation>
            <numerusform>该用户的 %n 个物品，最早的在前。取消勾选可将其排除，拖动或移动可调整顺序：推荐和解释随之更新。灰色物品早于模型窗口。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Older than the model&apos;s window of %1 items: not read</source>
        <translation>早于模型的 %1 个物品窗口：不会被读取</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The user&apos;s own history: uncheck items to leave them out, drag or move items to reorder.</source>
        <translation>用户自己的历史：取消勾选可排除物品，拖动或移动可调整顺序。</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Edited: %n item(s) left out and the order changed.</source>
        <translation>
            <numerusform>已编辑：排除了 %n 个物品，且顺序已改变。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Edited: %n item(s) left out.</source>
        <translation>
            <numerusform>已编辑：排除了 %n 个物品。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edited: the order changed.</source>
        <translation>已编辑：顺序已改变。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Edited: an item is replaced by another.</source>
        <translation>已编辑：一个物品被替换为另一个。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The recommendations (▲▼: places moved) and the explanation are for this history.</source>
        <translation>推荐（▲▼：名次变化）和解释均针对此历史。</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>  new</source>
        <translation>  新</translation>
    </message>
    <message>
        <location line="+118"/>
        <source>A smallest change is searched over the history&apos;s items, not over the words of the item&apos;s text.</source>
        <translation>最小改变在历史中的物品上搜索，而不是在物品文本的词上。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Under the edited history this item ranks #%1.</source>
        <translation>在编辑后的历史下，该物品排名第 %1。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Under the edited history this item is no longer in the top %1.</source>
        <translation>在编辑后的历史下，该物品已不在前 %1 名中。</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>No attention</source>
        <translation>无注意力</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>What the prediction reads: %1</source>
        <translation>预测位置读取的内容：%1</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Write explanation report</source>
        <translation>撰写解释报告</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>explanation-report.html</source>
        <translation>explanation-report.html</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Report written to %1.</source>
        <translation>报告已写入 %1。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Explain a recommendation first.</source>
        <translation>请先解释一条推荐。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The run is gone from the project.</source>
        <translation>该运行已不在项目中。</translation>
    </message>
    <message>
        <location line="-687"/>
        <source>Write rep&amp;ort…</source>
        <translation>撰写报告(&amp;O)…</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Layer and h&amp;ead:</source>
        <translation>层与头(&amp;E)：</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Move dow&amp;n</source>
        <translation>下移(&amp;N)</translation>
    </message>
    <message>
        <location line="-76"/>
        <source>E&amp;xplain:</source>
        <translation>解释(&amp;X)：</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Deletion: the explained value as the most credited items are taken away one by one; insertion: as they are given back to an empty history. Areas are on a scale where the lowest point of the curves is 0 and the highest 1; the random orders are the baseline an explanation has to beat</source>
        <translation>删除：按归因从大到小逐个拿走物品时解释数值的变化；插入：将它们逐个放回空历史时的变化。面积的刻度以各曲线的最低点为 0、最高点为 1；随机顺序是解释必须胜过的基线</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>&amp;Faithfulness</source>
        <translation>忠实度(&amp;F)</translation>
    </message>
    <message>
        <location line="+404"/>
        <source>%1 (masking: %2; explained: %10; %3 coalitions, %4 s). Additivity check: base %5 + attributions %6 = %7; the model gives %8 (gap %9).</source>
        <translation>%1（遮盖：%2；解释：%10；%3 个联盟，%4 秒）。可加性检查：基准 %5 + 归因 %6 = %7；模型给出 %8（差 %9）。</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Faithfulness: deletion area %1 (random order %2, lower is better), insertion area %3 (random %4, higher is better): %5.</source>
        <translation>忠实度：删除面积 %1（随机顺序 %2，越低越好），插入面积 %3（随机 %4，越高越好）：%5。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the attributions beat random orders on both</source>
        <translation>归因在两项上都胜过随机顺序</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>the attributions do not beat random orders on both; read them with care</source>
        <translation>归因并未在两项上都胜过随机顺序，请谨慎解读</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Attention rollout and attributions agree at Spearman %1.</source>
        <translation>注意力展开与归因的 Spearman 一致度为 %1。</translation>
    </message>
    <message>
        <location line="-603"/>
        <source>type part of a user id, or #index</source>
        <translation>输入用户 ID 的任意部分，或 #序号</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>User ids are pseudonymized: type any part of one to pick from the list (with each user&apos;s history length), or #index for the n-th user</source>
        <translation>用户 ID 已假名化：输入其中任意部分即可从列表中选择（附每位用户的历史长度），或用 #序号 指定第 n 位用户</translation>
    </message>
    <message numerus="yes">
        <location line="+226"/>
        <source>%1  (%n item(s))</source>
        <translation>
            <numerusform>%1（%n 个物品）</numerusform>
        </translation>
    </message>
    <message>
        <location line="-182"/>
        <source>&amp;Last items:</source>
        <translation>最新物品(&amp;L)：</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Heatmap colours</source>
        <translation>热力图配色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Each row to its largest weight</source>
        <translation>每行按其最大权重缩放</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log scale</source>
        <translation>对数刻度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Over a long history each weight is small: scaled to its row&apos;s largest weight, or on a log scale, they still show; linear shows the weights as they are</source>
        <translation>在长历史中每个权重都很小：按行最大权重缩放或使用对数刻度时仍可看清；线性则按原值显示权重</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>F&amp;ocus on the %1 most read</source>
        <translation>聚焦读取最多的 %1 个(&amp;O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show only the positions the prediction reads most (and itself), in history order, with their names</source>
        <translation>只显示预测读取最多的位置（及预测本身），按历史顺序并附名称</translation>
    </message>
    <message>
        <location line="+554"/>
        <source>%1: the %2 positions the prediction reads most</source>
        <translation>%1：预测读取最多的 %2 个位置</translation>
    </message>
    <message>
        <location line="-550"/>
        <source>Colours:</source>
        <translation>配色：</translation>
    </message>
</context>
<context>
    <name>recscope::ExplanationReport</name>
    <message>
        <location filename="../reports/explanationreport.cpp" line="+44"/>
        <source>item #%1</source>
        <translation>物品 #%1</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>What the prediction reads (last layer, heads averaged)</source>
        <translation>预测位置读取的内容（最后一层，各头平均）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Layer %1, heads averaged</source>
        <translation>第 %1 层，各头平均</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+153"/>
        <source>Explanation report</source>
        <translation>解释报告</translation>
    </message>
    <message>
        <location line="-152"/>
        <source>Why “%1” is recommended to user %2</source>
        <translation>为何向用户 %2 推荐“%1”</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Explained: the score of “%1” minus the score of “%2” (why the first ranks above the second).</source>
        <translation>所解释的是：“%1”的得分减去“%2”的得分（为何前者排在后者之上）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Written by RecScope %1 on %2 (UTC).</source>
        <translation>由 RecScope %1 于 %2（UTC）生成。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Base value (empty history)</source>
        <translation>基准值（空历史）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sum of the attributions</source>
        <translation>归因之和</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Additivity check</source>
        <translation>可加性检验</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>holds: base value + attributions = score (gap %1)</source>
        <translation>成立：基准值 + 归因 = 得分（差距 %1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>gap %1: base value + attributions differ from the score</source>
        <translation>差距 %1：基准值 + 归因与得分不一致</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>User and recommendations</source>
        <translation>用户与推荐</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 items; %2 read by the model and explained</source>
        <translation>%1 个物品；模型读取并解释了其中 %2 个</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not read</source>
        <translation>未读取</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 older items lie outside the model&apos;s window</source>
        <translation>%1 个较早的物品位于模型窗口之外</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Counterfactual</source>
        <translation>反事实</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>the history was edited before explaining: %1 items instead of the user&apos;s %2</source>
        <translation>解释前已编辑历史：%1 个物品，而非用户原有的 %2 个</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rank</source>
        <translation>名次</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Item</source>
        <translation>物品</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(explained)</source>
        <translation>（被解释）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Attributions</source>
        <translation>归因</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Method: %1; masking: %2; %3 coalitions evaluated in %4 s.</source>
        <translation>方法：%1；遮蔽：%2；在 %4 秒内评估了 %3 个联盟。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Position</source>
        <translation>位置</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Word of the item&apos;s text</source>
        <translation>物品文本中的词</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>History item</source>
        <translation>历史物品</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Attribution</source>
        <translation>归因</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>± std. error</source>
        <translation>± 标准误</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Attention rollout</source>
        <translation>注意力展开</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>first place</source>
        <translation>第一位</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>the top %1</source>
        <translation>前 %1 名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Smallest change</source>
        <translation>最小改变</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing to undo: “%1” is at #%2 already, outside %3.</source>
        <translation>无需撤销：“%1”已在第 %2 名，不在%3之内。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Without %1, “%2” leaves %3: it falls to #%4 and “%5” comes first. No smaller removal does (%6). %7</source>
        <translation>去掉 %1 后，“%2”离开%3：它降到第 %4 名，“%5”排在第一。更小的移除都做不到（%6）。%7</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>every removal of that size or smaller was tried</source>
        <translation>已尝试所有不超过该大小的移除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>as far as a beam search guided by the attributions finds</source>
        <translation>就由归因引导的束搜索所能找到的而言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scoring the changed history as a whole confirms it.</source>
        <translation>对改变后的完整历史重新打分证实了这一点。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scoring the changed history as a whole does NOT confirm it.</source>
        <translation>对改变后的完整历史重新打分未能证实这一点。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>These are the items with the largest attributions.</source>
        <translation>这些正是归因最大的物品。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>These are not simply the items with the largest attributions.</source>
        <translation>这些并不只是归因最大的物品。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No removal of up to %1 history items takes “%2” out of %3.</source>
        <translation>移除至多 %1 个历史物品都不能使“%2”离开%3。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The closest single swap: “%1” in place of “%2” (similarity %3) also takes it out of %4.</source>
        <translation>最接近的单次替换：用“%1”替换“%2”（相似度 %3）也能使其离开%4。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The players are the words of the item&apos;s own text; the user&apos;s history is held fixed, and the base value is the item read with an empty text.</source>
        <translation>参与者是物品自身文本中的词；用户的历史保持不变，基准值是以空文本读取该物品时的得分。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where the model looked while reading the history: each row of a heatmap is a position reading the earlier ones (rows sum to 1). Attention is not an explanation of the score; the attributions above are.</source>
        <translation>模型读取历史时关注了哪里：热图的每一行是一个位置对其之前位置的读取（每行之和为 1）。注意力并不是对得分的解释，上面的归因才是。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>How to read this report</source>
        <translation>如何阅读本报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An attribution is the item&apos;s Shapley value: its average effect on the score over every subset of the rest of the history. Attributions add up from the base value (the score after an empty history) to the score.</source>
        <translation>归因是物品的 Shapley 值：它在历史其余部分的所有子集上对得分的平均影响。各归因从基准值（空历史时的得分）累加到最终得分。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Exact values enumerate every subset; sampled ones (KernelSHAP, permutation) carry a standard error from the sampling.</source>
        <translation>精确值枚举每个子集；采样值（KernelSHAP、置换采样）附带采样产生的标准误。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The reason names only the items that carry at least half of the positive attribution.</source>
        <translation>理由只列出承担至少一半正向归因的物品。</translation>
    </message>
    <message>
        <location line="-98"/>
        <source>an absent item leaves a gap (padding); the others keep their positions</source>
        <translation>缺席的物品留下空位（填充），其余物品保持原位置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an absent item is taken out of the sequence; the older items move up a place</source>
        <translation>缺席的物品从序列中移除，较早的物品依次前移一位</translation>
    </message>
    <message>
        <location line="-103"/>
        <source>margin over the runner-up (the item&apos;s score minus the best other item&apos;s)</source>
        <translation>相对第二名的差值（该物品得分减去其他物品中的最高得分）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>log probability (softmax over the catalog)</source>
        <translation>对数概率（全目录 softmax）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>score (logit)</source>
        <translation>得分（logit）</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Explained value</source>
        <translation>解释的数值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Value for the whole history</source>
        <translation>完整历史下的数值</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Faithfulness</source>
        <translation>忠实度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Do the attributions say what the model does? The deletion curve takes the most credited items away one by one, the insertion curve gives them back to an empty history; the dashed curves do the same in random orders. Areas are on a scale where the lowest point of the curves is 0 and the highest 1: a faithful explanation has a lower deletion area and a higher insertion area than the random orders.</source>
        <translation>归因是否反映了模型的实际行为？删除曲线按归因从大到小逐个拿走物品，插入曲线把它们逐个放回空历史；虚线以随机顺序做同样的操作。面积的刻度以各曲线的最低点为 0、最高点为 1：忠实的解释比随机顺序有更低的删除面积和更高的插入面积。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Attributions&apos; order</source>
        <translation>按归因排序</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Random orders</source>
        <translation>随机顺序</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deletion area (lower is better)</source>
        <translation>删除面积（越低越好）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Insertion area (higher is better)</source>
        <translation>插入面积（越高越好）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Attention rollout and the attributions rank the history&apos;s items alike at Spearman %1 (1: the same order, 0: unrelated).</source>
        <translation>注意力展开与归因对历史物品排序的 Spearman 一致度为 %1（1：顺序相同，0：无关）。</translation>
    </message>
    <message>
        <location line="-142"/>
        <source>margin over the runner-up</source>
        <translation>相对第二名的差值</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>log probability</source>
        <translation>对数概率</translation>
    </message>
</context>
<context>
    <name>recscope::FaithfulnessChart</name>
    <message>
        <location filename="../widgets/explain/faithfulnesschart.cpp" line="+15"/>
        <source>Deletion and insertion curves</source>
        <translation>删除与插入曲线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>items taken away (deletion) or given back (insertion), most credited first</source>
        <translation>拿走（删除）或放回（插入）的物品数，归因最大者优先</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>deletion</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>deletion, random order</source>
        <translation>删除，随机顺序</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>insertion</source>
        <translation>插入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>insertion, random order</source>
        <translation>插入，随机顺序</translation>
    </message>
    <message numerus="yes">
        <location line="+39"/>
        <source>%n item(s) most credited first</source>
        <translation>
            <numerusform>归因最大的 %n 个物品</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>
deletion: %1</source>
        <translation>
删除：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+3"/>
        <source> (rank %1)</source>
        <translation>（排名 %1）</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>
insertion: %1</source>
        <translation>
插入：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>
random order: deletion %1, insertion %2</source>
        <translation>
随机顺序：删除 %1，插入 %2</translation>
    </message>
</context>
<context>
    <name>recscope::HelpDialog</name>
    <message>
        <location filename="../app/helpdialog.cpp" line="-36"/>
        <source>RecScope User Guide</source>
        <translation>RecScope 用户指南</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>User guide</source>
        <translation>用户指南</translation>
    </message>
</context>
<context>
    <name>recscope::HistoryLengthChart</name>
    <message>
        <location filename="../widgets/datasets/historylengthchart.cpp" line="+15"/>
        <source>History lengths</source>
        <translation>历史长度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Interactions per user (log-spaced bins)</source>
        <translation>每个用户的交互次数（对数间隔分箱）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>users</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Median history: %1 interactions</source>
        <translation>历史长度中位数：%1 次交互</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 users with %2 to %3 interactions</source>
        <translation>%1 个用户有 %2 至 %3 次交互</translation>
    </message>
</context>
<context>
    <name>recscope::ImportWizard</name>
    <message>
        <location filename="../widgets/datasets/importwizard.cpp" line="+57"/>
        <source>MovieLens 100K folder</source>
        <translation>MovieLens 100K 文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The ml-100k folder: u.data (ratings), u.item (titles and genres, latin-1) and u.user.</source>
        <translation>ml-100k 文件夹：u.data（评分）、u.item（标题和类型，latin-1 编码）和 u.user。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MovieLens 1M folder</source>
        <translation>MovieLens 1M 文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The ml-1m folder: ratings.dat, movies.dat and users.dat, &apos;::&apos;-separated.</source>
        <translation>ml-1m 文件夹：ratings.dat、movies.dat 和 users.dat，以“::”分隔。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SASRec sequence file</source>
        <translation>SASRec 序列文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One &apos;user item&apos; pair per line, each user&apos;s lines in time order; optionally an item table with item_id, title and genres columns.</source>
        <translation>每行一个“用户 物品”对，每个用户的行按时间顺序排列；可附带包含 item_id、title 和 genres 列的物品表。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RecBole atomic files</source>
        <translation>RecBole 原子文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A .inter file (or its folder) with name:type headers; .item and .user files beside it are read too.</source>
        <translation>带有“名称:类型”表头的 .inter 文件（或其所在文件夹）；同目录下的 .item 和 .user 文件也会被读取。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amazon reviews (JSON lines)</source>
        <translation>亚马逊评论（JSON Lines）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reviews with reviewerID, asin, overall and unixReviewTime; optionally a metadata file with title, categories and description.</source>
        <translation>包含 reviewerID、asin、overall 和 unixReviewTime 的评论；可附带含标题、类别和描述的元数据文件。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV or TSV file</source>
        <translation>CSV 或 TSV 文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Any delimited file. The delimiter, quoting, encoding and header are detected; map the columns on the next page.</source>
        <translation>任意分隔符文件。自动检测分隔符、引号、编码和表头；在下一页映射各列。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Import Dataset</source>
        <translation>导入数据集</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Choose the data</source>
        <translation>选择数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pick the format and the files. Nothing is written until the last page.</source>
        <translation>选择格式和文件。在最后一页之前不会写入任何内容。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>File…</source>
        <translation>文件…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose the dataset folder</source>
        <translation>选择数据集文件夹</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Interactions:</source>
        <translation>交互数据(&amp;I)：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Interactions file or folder</source>
        <translation>交互文件或文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>I&amp;tem table:</source>
        <translation>物品表(&amp;T)：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Item table (optional)</source>
        <translation>物品表（可选）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;User table:</source>
        <translation>用户表(&amp;U)：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>User table (optional)</source>
        <translation>用户表（可选）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>optional: titles, categories, descriptions</source>
        <translation>可选：标题、类别、描述</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>optional: user attributes</source>
        <translation>可选：用户属性</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>default: from the file name</source>
        <translation>默认：取自文件名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dataset name</source>
        <translation>数据集名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>the dataset&apos;s folder</source>
        <translation>数据集所在文件夹</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>the interactions file</source>
        <translation>交互文件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Check the preview</source>
        <translation>检查预览</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The first rows as the importer reads them. For CSV files, say which column holds what.</source>
        <translation>导入器读取到的前几行。对于 CSV 文件，请指定各列的含义。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Column mapping</source>
        <translation>列映射</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+268"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="-268"/>
        <location line="+268"/>
        <source>Item</source>
        <translation>物品</translation>
    </message>
    <message>
        <location line="-268"/>
        <location line="+268"/>
        <source>Rating</source>
        <translation>评分</translation>
    </message>
    <message>
        <location line="-268"/>
        <location line="+268"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="-268"/>
        <source>Order</source>
        <translation>顺序</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Column for %1</source>
        <translation>%1 所在列</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>File as split into columns:</source>
        <translation>按列拆分后的文件：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Interactions as they will be stored:</source>
        <translation>将要存储的交互：</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filters run in this order: minimum rating, duplicates, k-core.</source>
        <translation>过滤按以下顺序执行：最低评分、重复项、k-core。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keep only ratings of at least</source>
        <translation>仅保留评分不低于</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Minimum rating</source>
        <translation>最低评分</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Implicit feedback:</source>
        <translation>隐式反馈：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep all (repeat consumption is data)</source>
        <translation>全部保留（重复消费也是数据）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep each user&apos;s first interaction with an item</source>
        <translation>保留每个用户与同一物品的第一次交互</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep each user&apos;s last interaction with an item</source>
        <translation>保留每个用户与同一物品的最后一次交互</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicates:</source>
        <translation>重复项：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repeatedly drop users and items with fewer than k interactions.</source>
        <translation>反复删除交互次数少于 k 的用户和物品。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>k-core filter:</source>
        <translation>k-core 过滤：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pseudonymize user ids (store a keyed HMAC-SHA256, never the raw id)</source>
        <translation>对用户编号假名化（存储带密钥的 HMAC-SHA256，绝不存储原始编号）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Privacy:</source>
        <translation>隐私：</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Stop at the first bad line and import nothing</source>
        <translation>遇到第一行错误即停止，不导入任何内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Skip bad lines and list them in the report</source>
        <translation>跳过错误行并在报告中列出</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Bad lines:</source>
        <translation>错误行：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The import runs in the background and is stored in one step: cancelling leaves the project as it was.</source>
        <translation>导入在后台运行并一次性存储：取消后项目保持原样。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Import progress</source>
        <translation>导入进度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Skipped lines</source>
        <translation>跳过的行</translation>
    </message>
    <message>
        <location line="+99"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;This cannot be imported as chosen:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;无法按当前设置导入：&lt;/b&gt;%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>tab</source>
        <translation>制表符</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detected delimiter %1, %2.</source>
        <translation>检测到分隔符 %1，%2。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>with a header row</source>
        <translation>包含表头行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no header row</source>
        <translation>没有表头行</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>The first %n interaction(s) read from the source.</source>
        <translation>
            <numerusform>从来源读取的前 %n 次交互。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 does not exist.</source>
        <translation>%1 不存在。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The project already has a dataset named &apos;%1&apos;.</source>
        <translation>项目中已有名为“%1”的数据集。</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Importing %1</source>
        <translation>正在导入 %1</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Done in %1 s.</source>
        <translation>完成，用时 %1 秒。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;Imported &apos;%1&apos;:&lt;/b&gt; %2 users, %3 items, %4 interactions.</source>
        <translation>&lt;b&gt;已导入“%1”：&lt;/b&gt;%2 个用户，%3 个物品，%4 次交互。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Filtered out: %1 below the minimum rating, %2 duplicates, %3 outside the k-core.</source>
        <translation>已过滤：%1 条低于最低评分，%2 条重复，%3 条不在 k-core 内。</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n bad line(s) were skipped:</source>
        <translation>
            <numerusform>跳过了 %n 行错误数据：</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cancelled. Nothing was stored.</source>
        <translation>已取消。未存储任何内容。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The import failed. Nothing was stored.</source>
        <translation>导入失败。未存储任何内容。</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>%1 with %2 interactions</source>
        <translation>%1，共 %2 次交互</translation>
    </message>
    <message>
        <location line="-272"/>
        <source>Irreversible: a random key, used once and wiped</source>
        <translation>不可逆：随机密钥，只用一次后清除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keyed: the key lives in a key file you keep</source>
        <translation>有密钥：密钥保存在您保管的密钥文件中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keyed: the key is derived from a passphrase</source>
        <translation>有密钥：密钥由口令派生</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pseudonym key:</source>
        <translation>假名密钥：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A key file (created when it does not exist)</source>
        <translation>密钥文件（不存在时将新建）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The pseudonym passphrase</source>
        <translation>假名口令</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pseudonym Key File</source>
        <translation>假名密钥文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Key files (*.key);;All files (*)</source>
        <translation>密钥文件 (*.key);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>No one, you included, can link these ids back to the source, and no later import can give the same people the same pseudonyms.</source>
        <translation>任何人（包括您自己）都无法把这些 ID 关联回源数据，之后的导入也无法为同一批人生成相同的假名。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Imports with the same key file give the same people the same pseudonyms. Keep the file apart from the project: whoever holds both can re-identify the users.</source>
        <translation>使用同一密钥文件的导入会为同一人生成相同的假名。请把密钥文件与项目分开保存：同时持有两者的人可以重新识别用户。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Imports with the same passphrase give the same people the same pseudonyms. Choose a long one: whoever has the project can try guesses.</source>
        <translation>使用同一口令的导入会为同一人生成相同的假名。请选择较长的口令：持有项目文件的人可以尝试猜测。</translation>
    </message>
    <message>
        <location line="+190"/>
        <source>Choose the key file (a new one is created when it does not exist).</source>
        <translation>请选择密钥文件（不存在时将新建）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The pseudonym passphrase needs at least 8 characters.</source>
        <translation>假名口令至少需要 8 个字符。</translation>
    </message>
    <message>
        <location line="-245"/>
        <source>Keyed: the key lives in the system keyring (%1)</source>
        <translation>有密钥：密钥保存在系统密钥环中（%1）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>A name for the keyring entry (created when it does not exist)</source>
        <translation>密钥环条目的名称（不存在时将新建）</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Imports with the same keyring entry give the same people the same pseudonyms. The key stays in your account&apos;s keyring, unlocked when you log in; it never enters the project.</source>
        <translation>使用同一密钥环条目的导入会为同一人生成相同的假名。密钥保存在您账户的密钥环中，登录时解锁；它绝不会进入项目文件。</translation>
    </message>
    <message>
        <location line="+197"/>
        <source>Name the keyring entry (a new one is created when it does not exist).</source>
        <translation>请为密钥环条目命名（不存在时将新建）。</translation>
    </message>
</context>
<context>
    <name>recscope::ItemTableModel</name>
    <message>
        <location filename="../widgets/datasets/itemtablemodel.cpp" line="+43"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Item id</source>
        <translation>物品编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Categories</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interactions</source>
        <translation>交互次数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In item table</source>
        <translation>在物品表中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description</source>
        <translation>描述</translation>
    </message>
</context>
<context>
    <name>recscope::JobStatusWidget</name>
    <message>
        <location filename="../widgets/common/jobstatuswidget.cpp" line="+23"/>
        <source>Job progress</source>
        <translation>任务进度</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel this job</source>
        <translation>取消此任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel job</source>
        <translation>取消任务</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1 finished: %2</source>
        <translation>%1 已完成：%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 cancelled</source>
        <translation>%1 已取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>%1 (+%2 more)</source>
        <translation>%1（另有 %2 个）</translation>
    </message>
</context>
<context>
    <name>recscope::LongTailChart</name>
    <message>
        <location filename="../widgets/datasets/longtailchart.cpp" line="+15"/>
        <source>Item popularity (long tail)</source>
        <translation>物品流行度（长尾）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Item rank (most popular first)</source>
        <translation>物品排名（最流行的在前）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interactions (log scale)</source>
        <translation>交互次数（对数刻度）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>interactions per item</source>
        <translation>每个物品的交互次数</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Top 10% of items (left of the dashed line)
receive %1 of all interactions</source>
        <translation>前 10% 的物品（虚线左侧）
获得了全部交互的 %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Rank %1: %2 interactions</source>
        <translation>第 %1 名：%2 次交互</translation>
    </message>
</context>
<context>
    <name>recscope::MainWindow</name>
    <message>
        <location filename="../app/mainwindow.cpp" line="+99"/>
        <location line="+4"/>
        <source>Datasets</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New Project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open Project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open &amp;Demo Project</source>
        <translation>打开示例项目(&amp;D)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Import Dataset…</source>
        <translation>导入数据集(&amp;I)…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Dataset</source>
        <translation>数据集(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Rename…</source>
        <translation>重命名(&amp;R)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;User Guide</source>
        <translation>用户指南(&amp;U)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;About RecScope</source>
        <translation>关于 RecScope(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>RecScope</source>
        <translation>RecScope</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 — RecScope</source>
        <translation>%1 — RecScope</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+265"/>
        <source>No project open</source>
        <translation>未打开项目</translation>
    </message>
    <message>
        <location line="-235"/>
        <location line="+143"/>
        <location line="+69"/>
        <source>Open Project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <location line="-212"/>
        <location line="+143"/>
        <source>Could not open the project.

%1</source>
        <translation>无法打开项目。

%1</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Creating the demo project</source>
        <translation>正在创建示例项目</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the demo dataset is ready</source>
        <translation>示例数据集已就绪</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Demo project</source>
        <translation>示例项目</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The demo project could not be created.

%1</source>
        <translation>无法创建示例项目。

%1</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+7"/>
        <location line="+19"/>
        <source>New Project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>RecScope projects (*.recscope)</source>
        <translation>RecScope 项目 (*.recscope)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 exists and cannot be replaced.</source>
        <translation>%1 已存在且无法替换。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>RecScope projects (*.recscope);;All files (*)</source>
        <translation>RecScope 项目 (*.recscope);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>No dataset chosen</source>
        <translation>未选择数据集</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a dataset in the list on the left, or import one.</source>
        <translation>请在左侧列表中选择一个数据集，或导入一个。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a project, or create one and import a dataset into it.</source>
        <translation>请打开一个项目，或新建项目并向其中导入数据集。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import a Dataset…</source>
        <translation>导入数据集…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Open the Demo Project</source>
        <translation>打开示例项目</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A run is training on the Train tab: this page fills in when it finishes.</source>
        <translation>“训练”标签页中有一个运行正在训练：训练完成后此页面将显示内容。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nothing to compare yet</source>
        <translation>尚无可比较的内容</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Comparing needs two or more finished runs of this dataset; it has %n.</source>
        <translation>
            <numerusform>比较需要此数据集的两个或更多已完成运行；目前有 %n 个。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Train a Popularity Baseline and a SASRec</source>
        <translation>训练一个流行度基线和一个 SASRec</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Train a SASRec to Compare With</source>
        <translation>训练一个 SASRec 用于比较</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Train a Popularity Baseline</source>
        <translation>训练一个流行度基线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No run to explain yet</source>
        <translation>尚无可解释的运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Explanations take apart a finished run&apos;s recommendations for one user: which items of the history made each one, what the model attended to, what changes it.</source>
        <translation>解释会拆解一个已完成运行为某位用户给出的推荐：历史中的哪些物品促成了每条推荐，模型关注了什么，改变什么会让推荐改变。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+4"/>
        <source>Train a SASRec on This Dataset</source>
        <translation>在此数据集上训练 SASRec</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>No run to review yet</source>
        <translation>尚无可审查的运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A review explains the recommendations of many users from one finished run and reports how faithful the explanations are.</source>
        <translation>审查会解释一个已完成运行为许多用户给出的推荐，并报告这些解释的忠实程度。</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Import Dataset</source>
        <translation>导入数据集</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Open or create a project first.</source>
        <translation>请先打开或创建一个项目。</translation>
    </message>
    <message>
        <location line="+19"/>
        <location line="+6"/>
        <source>Rename Dataset</source>
        <translation>重命名数据集</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+10"/>
        <source>Delete Dataset</source>
        <translation>删除数据集</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Delete &apos;%1&apos; from this project?

Its %2 interactions, %3 users and %4 items will be removed from the project file. The source files are not touched, so it can be imported again.</source>
        <translation>要从此项目中删除“%1”吗？

它的 %2 次交互、%3 个用户和 %4 个物品将从项目文件中移除。源文件不受影响，因此可以重新导入。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Clear List</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Jobs are still running. Cancel them and quit? Unfinished imports are not stored.</source>
        <translation>仍有任务在运行。要取消它们并退出吗？未完成的导入不会被存储。</translation>
    </message>
    <message>
        <location line="-586"/>
        <source>&amp;Explore</source>
        <translation>探索(&amp;E)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Compare</source>
        <translation>比较(&amp;C)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>E&amp;xplain</source>
        <translation>解释(&amp;X)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rev&amp;iew</source>
        <translation>审查(&amp;I)</translation>
    </message>
    <message>
        <location line="+86"/>
        <location line="+58"/>
        <source>&amp;Encrypt Project…</source>
        <translation>加密项目(&amp;E)…</translation>
    </message>
    <message>
        <location line="-57"/>
        <source>Change &amp;Passphrase…</source>
        <translation>更改口令(&amp;P)…</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>%1 (encrypted) — RecScope</source>
        <translation>%1（已加密）— RecScope</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 — encrypted</source>
        <translation>%1 — 已加密</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Decrypt Project…</source>
        <translation>解密项目(&amp;D)…</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>That passphrase does not open this project. Try again.</source>
        <translation>该口令无法打开此项目，请重试。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Pseudonym Key in the Project</source>
        <translation>项目中存有假名密钥</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Move the Key to a File…</source>
        <translation>把密钥移到文件…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Destroy the Key</source>
        <translation>销毁密钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not Now</source>
        <translation>暂不处理</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save the Pseudonym Key</source>
        <translation>保存假名密钥</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Key files (*.key);;All files (*)</source>
        <translation>密钥文件 (*.key);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The pseudonym key is now in %1 and no longer in the project.</source>
        <translation>假名密钥现已保存在 %1，项目中不再保留。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The pseudonym key is destroyed: no one can link these ids back any more.</source>
        <translation>假名密钥已销毁：再也没有人能把这些 ID 关联回去。</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+4"/>
        <source>Pseudonym Key</source>
        <translation>假名密钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Another program has this project open: old copies of the key stay in its write-ahead log until it closes. Open the project again then to finish.</source>
        <translation>另一个程序正打开此项目：在它关闭之前，密钥的旧副本仍留在预写日志中。请在它关闭后重新打开项目以完成清除。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The project is unchanged.

%1</source>
        <translation>项目未作任何改动。

%1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Decrypt Project</source>
        <translation>解密项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Store %1 unencrypted? Anyone who has the file will be able to read it.</source>
        <translation>以未加密方式保存 %1？任何持有该文件的人都能读取其内容。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Decrypting the project</source>
        <translation>正在解密项目</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Encrypting the project</source>
        <translation>正在加密项目</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Changing the passphrase</source>
        <translation>正在更改口令</translation>
    </message>
    <message>
        <location line="-111"/>
        <source>&lt;p&gt;This project was made by an older RecScope, which kept the key of its pseudonymized user ids inside the project file. Anyone who has the file can use that key to re-identify every user of: &lt;b&gt;%1&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Move the key to a file&lt;/b&gt; you keep apart from the project (or to the system keyring) if further imports must give the same people the same pseudonyms; &lt;b&gt;destroy it&lt;/b&gt; if nobody needs to link the ids back.&lt;/p&gt;</source>
        <translation>&lt;p&gt;此项目由旧版 RecScope 创建，它把假名化用户 ID 的密钥保存在项目文件中。任何持有该文件的人都能用这个密钥重新识别以下数据集的每一位用户：&lt;b&gt;%1&lt;/b&gt;。&lt;/p&gt;&lt;p&gt;如果之后的导入仍需为同一人生成相同的假名，请&lt;b&gt;把密钥移到文件&lt;/b&gt;（与项目分开保存）或系统密钥环；如果没有人需要再把 ID 关联回去，请&lt;b&gt;销毁密钥&lt;/b&gt;。&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Move the Key to the Keyring…</source>
        <translation>把密钥移到密钥环…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Move the Key to the Keyring</source>
        <translation>把密钥移到密钥环</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name of the new entry in the system keyring (%1):</source>
        <translation>系统密钥环（%1）中新条目的名称：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The pseudonym key is now in the system keyring as &apos;%1&apos; and no longer in the project.</source>
        <translation>假名密钥现已以“%1”保存在系统密钥环中，项目中不再保留。</translation>
    </message>
</context>
<context>
    <name>recscope::MetricBarsChart</name>
    <message>
        <location filename="../widgets/compare/metricbarschart.cpp" line="+32"/>
        <source>Metrics per run
95% bootstrap intervals; * p &lt; 0.05, ** p &lt; 0.01, *** p &lt; 0.001 against the first run</source>
        <translation>各运行的指标
95% bootstrap 区间；* p &lt; 0.05，** p &lt; 0.01，*** p &lt; 0.001，相对于第一个运行</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>%1 of %2: %3</source>
        <translation>%2 的 %1：%3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>95% interval %1 – %2</source>
        <translation>95% 区间 %1 – %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>paired t-test against %1: p = %2</source>
        <translation>相对于 %1 的配对 t 检验：p = %2</translation>
    </message>
</context>
<context>
    <name>recscope::MmrCurveChart</name>
    <message>
        <location filename="../widgets/compare/mmrcurvechart.cpp" line="+17"/>
        <location line="+11"/>
        <source>Diversity re-ranking (MMR): each point is one lambda, from the model&apos;s order (1) to diversity only (0)</source>
        <translation>多样性重排序（MMR）：每个点对应一个 λ，从模型自身排序（1）到只看多样性（0）</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Calibrated re-ranking: each point is one lambda, from the model&apos;s order (1) to the user&apos;s genre mix only (0)</source>
        <translation>校准重排：每个点对应一个 lambda，从模型自身的排序（1）到只看用户类型分布（0）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (diversity)</source>
        <translation>（多样性）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source> (miscalibration: lower is closer to the history)</source>
        <translation>（失准度：越低越接近历史）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (accuracy)</source>
        <translation>（准确性）</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>λ = %1
%2 %3
%4 %5</source>
        <translation>λ = %1
%2 %3
%4 %5</translation>
    </message>
</context>
<context>
    <name>recscope::PassphraseDialog</name>
    <message>
        <location filename="../widgets/common/passphrasedialog.cpp" line="+19"/>
        <source>Encrypted Project</source>
        <translation>加密项目</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Project Passphrase</source>
        <translation>项目口令</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&lt;b&gt;%1&lt;/b&gt; is encrypted. Type its passphrase to open it.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; 已加密。请输入口令以打开它。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Every page of &lt;b&gt;%1&lt;/b&gt;, its write-ahead log and its journal are encrypted and authenticated with a key derived from this passphrase. Without it the project cannot be opened: RecScope keeps no copy and cannot recover it.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; 的每一页、其预写日志和回滚日志都将使用由此口令派生的密钥进行加密和认证。没有口令将无法打开项目：RecScope 不保存任何副本，也无法找回口令。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Encrypt with a passphrase</source>
        <translation>使用口令加密(&amp;E)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Passphrase:</source>
        <translation>口令(&amp;P)：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New &amp;passphrase:</source>
        <translation>新口令(&amp;P)：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Repeat it:</source>
        <translation>再次输入(&amp;R)：</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>At least %1 characters; a few unrelated words are easier to remember and harder to guess.</source>
        <translation>至少 %1 个字符；几个互不相关的词既好记又难猜。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
    <message>
        <location line="-69"/>
        <source>An encrypted project keeps every page of &lt;b&gt;%1&lt;/b&gt;, its write-ahead log and its journal encrypted and authenticated with a key derived from its passphrase. Without the passphrase it cannot be opened: RecScope keeps no copy and cannot recover it.</source>
        <translation>加密项目会使用由其口令派生的密钥，对 &lt;b&gt;%1&lt;/b&gt; 的每一页、其预写日志和回滚日志进行加密和认证。没有口令将无法打开项目：RecScope 不保存任何副本，也无法找回口令。</translation>
    </message>
</context>
<context>
    <name>recscope::PreferencesDialog</name>
    <message>
        <location filename="../app/preferencesdialog.cpp" line="+26"/>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>all cores (%1)</source>
        <translation>全部核心（%1）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Compute threads</source>
        <translation>计算线程数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compute t&amp;hreads:</source>
        <translation>计算线程数(&amp;H)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Threads that one training or scoring step may use. On two-core machines one or two threads is usually fastest; measure before raising it.</source>
        <translation>单个训练或打分步骤可使用的线程数。在双核机器上，一到两个线程通常最快；增加之前请先测量。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Automatic (a GPU if there is one)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Processor (CPU)</source>
        <translation>处理器 (CPU)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>GPU %1</source>
        <translation>GPU %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Compute device</source>
        <translation>计算设备</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compute &amp;device:</source>
        <translation>计算设备(&amp;D)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where SASRec and BERT4Rec runs set to &quot;As in Preferences&quot; train. This build has CUDA.</source>
        <translation>设为“同首选项”的 SASRec 和 BERT4Rec 运行在这里训练。此构建支持 CUDA。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where SASRec and BERT4Rec runs set to &quot;As in Preferences&quot; train. This build computes on the processor only; a CUDA build trains on GPUs.</source>
        <translation>设为“同首选项”的 SASRec 和 BERT4Rec 运行在这里训练。此构建只在处理器上计算；支持 CUDA 的构建可以在 GPU 上训练。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Leave-one-out, full ranking</source>
        <translation>留一法，全量排序</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave-one-out, 100 uniform negatives</source>
        <translation>留一法，100 个均匀采样负例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave-one-out, 100 popular negatives</source>
        <translation>留一法，100 个按流行度采样负例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Global temporal split</source>
        <translation>全局时间划分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Random split</source>
        <translation>随机划分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>K-fold cross-validation by user</source>
        <translation>按用户分组的 K 折交叉验证</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Default evaluation protocol</source>
        <translation>默认评估协议</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Default &amp;evaluation:</source>
        <translation>默认评估(&amp;E)：</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+7"/>
        <source>Project folder</source>
        <translation>项目文件夹</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Project folder:</source>
        <translation>项目文件夹(&amp;P)：</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>The new language is used the next time RecScope starts.</source>
        <translation>新语言将在下次启动 RecScope 时生效。</translation>
    </message>
</context>
<context>
    <name>recscope::QualityReportModel</name>
    <message>
        <location filename="../widgets/datasets/qualityreportmodel.cpp" line="+16"/>
        <source>Duplicate interactions</source>
        <translation>重复交互</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Repeats of a (user, item) pair, in %n user(s). The fix keeps each user&apos;s first one.</source>
        <translation>
            <numerusform>（用户，物品）对的重复，涉及 %n 个用户。修复时保留每个用户的第一次。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Items without text</source>
        <translation>无文本的物品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Items with neither a title nor a description: text-aware models see nothing for them.</source>
        <translation>既无标题也无描述的物品：文本感知模型对它们一无所知。</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+4"/>
        <source>Interactions naming unknown items</source>
        <translation>指向未知物品的交互</translation>
    </message>
    <message numerus="yes">
        <location line="-3"/>
        <source>%n item(s) appear in the interactions but not in the item table. The fix drops these interactions.</source>
        <translation>
            <numerusform>有 %n 个物品出现在交互中但不在物品表中。修复时删除这些交互。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not checked: the import had no item table.</source>
        <translation>未检查：导入时没有物品表。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Users below the %1-core</source>
        <translation>低于 %1-core 的用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Users with fewer than %1 interactions.</source>
        <translation>交互少于 %1 次的用户。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Items below the %1-core</source>
        <translation>低于 %1-core 的物品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Items with fewer than %1 interactions; a %1-core filter removes %2 interaction(s).</source>
        <translation>交互少于 %1 次的物品；%1-core 过滤将删除 %2 次交互。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Missing timestamps</source>
        <translation>缺失的时间戳</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rows without a time in a dataset that has times.</source>
        <translation>在有时间的数据集中缺少时间的记录。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Timestamps at or before 1970</source>
        <translation>1970 年或更早的时间戳</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zero or negative Unix times, usually a placeholder for &apos;unknown&apos;.</source>
        <translation>为零或负数的 Unix 时间，通常表示“未知”的占位值。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timestamps in the future</source>
        <translation>未来的时间戳</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Times later than tomorrow.</source>
        <translation>晚于明天的时间。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Events sharing a timestamp</source>
        <translation>时间戳相同的事件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Consecutive events of one user with the same time: their order comes from the file. Common in MovieLens (ratings entered in one session); not an error.</source>
        <translation>同一用户时间相同的连续事件：它们的顺序取自文件。这在 MovieLens 中很常见（在一次会话中录入的评分），并非错误。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Timestamps</source>
        <translation>时间戳</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The dataset has no times: events are ordered as in the file.</source>
        <translation>数据集没有时间：事件按文件中的顺序排列。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Check</source>
        <translation>检查项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Found</source>
        <translation>发现数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What it means</source>
        <translation>含义</translation>
    </message>
</context>
<context>
    <name>recscope::ReportCharts</name>
    <message>
        <location filename="../reports/reportcharts.cpp" line="+69"/>
        <source>base value</source>
        <translation>基准值</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%n other item(s)</source>
        <translation>
            <numerusform>其他 %n 个物品</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+51"/>
        <source>score</source>
        <translation>得分</translation>
    </message>
    <message>
        <location line="-46"/>
        <source>From the base value (the item with an empty text) to the score: what each word of its text adds</source>
        <translation>从基准值（空文本的物品）到得分：其文本中每个词的贡献</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From the base value (empty history) to the score: what each history item adds</source>
        <translation>从基准值（空历史）到得分：每个历史物品贡献了多少</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>[prediction]</source>
        <translation>[预测]</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Deletion and insertion curves</source>
        <translation>删除与插入曲线</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>deletion</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>deletion, random order</source>
        <translation>删除，随机顺序</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>insertion</source>
        <translation>插入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>insertion, random order</source>
        <translation>插入，随机顺序</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>items taken away (deletion) or given back (insertion), most credited first</source>
        <translation>拿走（删除）或放回（插入）的物品数，归因最大者优先</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>attention weight</source>
        <translation>注意力权重</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>this layer and head</source>
        <translation>此层与此头</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>rollout through all layers</source>
        <translation>贯穿各层的注意力展开（rollout）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>read position (key)</source>
        <translation>被读取的位置（键）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>reading (query)</source>
        <translation>读取位置（查询）</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>share of the row&apos;s largest weight</source>
        <translation>占该行最大权重的比例</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Each explanation against random orders (areas on the 0-1 scale of its curves)</source>
        <translation>每个解释与随机顺序对比（面积按其曲线的 0-1 刻度）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>area when items are taken in random orders</source>
        <translation>按随机顺序移除物品时的面积</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>area when the most credited items go first</source>
        <translation>先移除贡献最大物品时的面积</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>as good as random</source>
        <translation>与随机相当</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>deletion (faithful below the line)</source>
        <translation>删除（在线下方为忠实）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>insertion (faithful above the line)</source>
        <translation>插入（在线上方为忠实）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>explanations</source>
        <translation>解释数</translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>median %1 over %n explanation(s)</source>
        <translation>
            <numerusform>%n 个解释的中位数 %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+15"/>
        <source>explanations that credit it most</source>
        <translation>将其列为最主要原因的解释数</translation>
    </message>
</context>
<context>
    <name>recscope::ReportDocument</name>
    <message>
        <location filename="../reports/reportdocument.cpp" line="+40"/>
        <source>Model and run</source>
        <translation>模型与运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location line="+0"/>
        <source> (user ids pseudonymized)</source>
        <translation>（用户编号已假名化）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trained</source>
        <translation>训练</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 epochs, best checkpoint at epoch %2, finished %3</source>
        <translation>%1 轮，最佳检查点在第 %2 轮，完成于 %3</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Test metrics</source>
        <translation>测试指标</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Protocol of those metrics</source>
        <translation>这些指标的评估协议</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>split %1</source>
        <translation>划分 %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1: a report is written as .html or .pdf</source>
        <translation>%1：报告只能写为 .html 或 .pdf</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1: the PDF could not be written</source>
        <translation>%1：无法写入 PDF</translation>
    </message>
    <message>
        <location filename="../widgets/common/reportfiledialog.cpp" line="+12"/>
        <source>HTML report (*.html);;PDF report (*.pdf)</source>
        <translation>HTML 报告 (*.html);;PDF 报告 (*.pdf)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Report not written</source>
        <translation>报告未写入</translation>
    </message>
</context>
<context>
    <name>recscope::ReviewCreditChart</name>
    <message>
        <location filename="../widgets/review/reviewcreditchart.cpp" line="+16"/>
        <source>explanations that credit it most</source>
        <translation>将其列为最主要原因的解释数</translation>
    </message>
    <message numerus="yes">
        <location line="+42"/>
        <source>%1
credited most in %n explanation(s)</source>
        <translation>
            <numerusform>%1
在 %n 个解释中贡献最大</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (%1% of those reviewed)</source>
        <translation>（占所审查的 %1%）</translation>
    </message>
</context>
<context>
    <name>recscope::ReviewFaithfulnessChart</name>
    <message>
        <location filename="../widgets/review/reviewfaithfulnesschart.cpp" line="+15"/>
        <source>Each explanation against random orders (areas on the 0-1 scale of its curves)</source>
        <translation>每个解释与随机顺序对比（面积按其曲线的 0-1 刻度）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>area when items are taken in random orders</source>
        <translation>按随机顺序移除物品时的面积</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>area when the most credited items go first</source>
        <translation>先移除贡献最大物品时的面积</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>as good as random</source>
        <translation>与随机相当</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>deletion (faithful below the line)</source>
        <translation>删除（在线下方为忠实）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>insertion (faithful above the line)</source>
        <translation>插入（在线上方为忠实）</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>insertion area %1, random orders %2</source>
        <translation>插入面积 %1，随机顺序 %2</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>deletion area %1, random orders %2</source>
        <translation>删除面积 %1，随机顺序 %2</translation>
    </message>
</context>
<context>
    <name>recscope::ReviewHistogramChart</name>
    <message>
        <location filename="../widgets/review/reviewhistogramchart.cpp" line="+16"/>
        <source>explanations</source>
        <translation>解释数</translation>
    </message>
    <message numerus="yes">
        <location line="+43"/>
        <source>median %1 over %n explanation(s)</source>
        <translation>
            <numerusform>%n 个解释的中位数 %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>%1 to %2: %n explanation(s)</source>
        <translation>
            <numerusform>%1 至 %2：%n 个解释</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>recscope::ReviewPanel</name>
    <message>
        <location filename="../widgets/review/reviewpanel.cpp" line="+62"/>
        <source>Run to review</source>
        <translation>要审查的运行</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Users to sample</source>
        <translation>抽样用户数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many users to sample; each one&apos;s top recommendation is explained</source>
        <translation>抽样多少位用户；解释每位用户的首位推荐</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;All users</source>
        <translation>全部用户(&amp;A)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sampling seed</source>
        <translation>抽样种子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Which users are sampled: another seed, other users</source>
        <translation>抽取哪些用户：换一个种子就换一批用户</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>R&amp;un:</source>
        <translation>运行(&amp;U)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>U&amp;sers:</source>
        <translation>用户数(&amp;S)：</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Method:</source>
        <translation>方法(&amp;M)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mas&amp;king:</source>
        <translation>遮蔽(&amp;K)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Last items:</source>
        <translation>最新物品(&amp;L)：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Review</source>
        <translation>审查(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Explain the sampled users&apos; top recommendations and summarise how faithful the explanations are</source>
        <translation>解释所抽样用户的首位推荐，并汇总这些解释的忠实度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ca&amp;ncel</source>
        <translation>取消(&amp;N)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write rep&amp;ort…</source>
        <translation>撰写报告(&amp;O)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The review as a report for reviewers, HTML or PDF, with its plots</source>
        <translation>将审查结果写成给审查人员的报告（HTML 或 PDF），附图表</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose a run and how many users, then Review. A review only reads the project.</source>
        <translation>选择一个运行和用户数，然后点击“审查”。审查只读取项目。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Recommended</source>
        <translation>推荐物品</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Credited most</source>
        <translation>贡献最大</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Newest?</source>
        <translation>最新？</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Deletion</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deletion, random</source>
        <translation>删除（随机）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Insertion</source>
        <translation>插入</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Insertion, random</source>
        <translation>插入（随机）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Smallest change</source>
        <translation>最小改变</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Items to take out before the item leaves first place (– none within the explained items)</source>
        <translation>该物品离开第一位之前需要移除的物品数（–：在被解释的物品中找不到）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deletion area (lower is better)</source>
        <translation>删除面积（越低越好）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Insertion area (higher is better)</source>
        <translation>插入面积（越高越好）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Is the item credited most the newest one explained?</source>
        <translation>贡献最大的物品是否为所解释的最新物品？</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Reviewed explanations</source>
        <translation>已审查的解释</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Double-click an explanation to open it in the Explain tab</source>
        <translation>双击某个解释可在“解释”页中打开</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Faithfulness</source>
        <translation>忠实度(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;ttention agreement</source>
        <translation>注意力一致性(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Credited &amp;items</source>
        <translation>贡献物品(&amp;I)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Credited &amp;groups</source>
        <translation>贡献类别(&amp;G)</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Reviewing %1</source>
        <translation>正在审查 %1</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n explanation(s) reviewed</source>
        <translation>
            <numerusform>已审查 %n 个解释</numerusform>
        </translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Review cancelled; the project is unchanged.</source>
        <translation>审查已取消；项目未改变。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Reviewing…</source>
        <translation>正在审查…</translation>
    </message>
    <message numerus="yes">
        <location line="+27"/>
        <source>%n explanation(s) of run “%1” reviewed in %2 s (%3, %4, the last %5 items).</source>
        <translation>
            <numerusform>运行“%1”的 %n 个解释已在 %2 秒内审查完毕（%3，%4，最新 %5 个物品）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+13"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>There is no review to report yet.</source>
        <translation>尚无可写入报告的审查。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Write review report</source>
        <translation>撰写审查报告</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>review-report.html</source>
        <translation>审查报告.html</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Report written to %1.</source>
        <translation>报告已写入 %1。</translation>
    </message>
    <message>
        <location line="-233"/>
        <source>See&amp;d:</source>
        <translation>随机种子(&amp;D)：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Ex&amp;plain:</source>
        <translation>解释(&amp;P)：</translation>
    </message>
</context>
<context>
    <name>recscope::ReviewReport</name>
    <message>
        <location filename="../reports/reviewreport.cpp" line="+37"/>
        <source>item #%1</source>
        <translation>物品 #%1</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Faithfulness: for %1 of the explanations, taking the most credited items away first lowers the value faster, and giving them back first raises it faster, than random orders do (median deletion area %2 against %3 for random orders; insertion %4 against %5).</source>
        <translation>忠实度：在 %1 的解释中，先移除贡献最大的物品比随机顺序更快降低数值，先放回它们也比随机顺序更快提升数值（删除面积中位数 %2，随机顺序为 %3；插入 %4，随机为 %5）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+176"/>
        <source>The newest item is credited most in %1 of the explanations.</source>
        <translation>在 %1 的解释中，最新物品贡献最大。</translation>
    </message>
    <message>
        <location line="-175"/>
        <source>Credit is not simply given to what came last.</source>
        <translation>贡献并非简单地归于最后出现的物品。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>With the item taken out and the ranking explained, that is the model&apos;s own reliance on recency.</source>
        <translation>在移除物品并解释排序的设置下，这是模型本身对近期行为的依赖。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That is more than half: review again with masking &apos;take the item out&apos; and the ranking explained, which do not credit the newest item for where the prediction is read.</source>
        <translation>超过一半：请改用“移除物品”遮蔽并解释排序后重新审查，这两项设置不会因预测读取位置而归功于最新物品。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Attention rollout and the attributions rank the history alike at a median Spearman of %1; %2</source>
        <translation>注意力展开与归因对历史的排序相似度中位数为 Spearman %1；%2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>attention points at the same items here.</source>
        <translation>此处注意力指向相同的物品。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>attention is not a stand-in for the attributions here.</source>
        <translation>此处注意力不能代替归因。</translation>
    </message>
    <message>
        <location line="-75"/>
        <source>Attention rollout against the attributions</source>
        <translation>注意力展开与归因的对比</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spearman rank correlation (1: the same order)</source>
        <translation>Spearman 秩相关（1：顺序相同）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>History items credited most often</source>
        <translation>最常被列为主要原因的历史物品</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Item groups (categories) credited most often</source>
        <translation>最常被列为主要原因的物品组（类别）</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n 个物品</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>none in the window</source>
        <translation>窗口内没有</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Items to take out before the item leaves first place</source>
        <translation>该物品离开第一位之前需要移除的物品数</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Taking out a single history item undoes the recommendation in %1 of the cases, and some removal within the explained items does in %2; in %3 of those, the smallest removal is exactly the items with the largest attributions.</source>
        <translation>在 %1 的样例中，移除单个历史物品即可撤销该推荐；在 %2 的样例中，移除被解释物品中的某些物品可以做到；其中 %3 的最小移除恰好是归因最大的那些物品。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The model uses the order of a history: shuffling what it reads lowers NDCG@%1 from %2 to %3 (95% interval of the drop %4 to %5), so credit to positions and to the newest item can mean something.</source>
        <translation>模型利用了历史的顺序：打乱它读取的部分会使 NDCG@%1 从 %2 降到 %3（下降的 95% 区间为 %4 至 %5），因此对位置和最新物品的归因可能有意义。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The model shows no sign of using the order of a history (NDCG@%1 %2, shuffled %3; 95% interval of the drop %4 to %5): explanations by position, and credit to the newest item as such, mean little here.</source>
        <translation>看不出模型利用了历史的顺序（NDCG@%1 %2，打乱后 %3；下降的 95% 区间为 %4 至 %5）：在这里，基于位置的解释以及单纯归功于最新物品的说法意义不大。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 of the run&apos;s test interactions happened before its latest training interaction: the model was trained on the future of what it is tested on, and its test numbers may be optimistic.</source>
        <translation>该运行 %1 的测试交互发生在其最晚的训练交互之前：模型是在其测试内容的“未来”上训练的，测试数值可能偏乐观。</translation>
    </message>
    <message>
        <location line="+49"/>
        <location line="+145"/>
        <source>Explainability review</source>
        <translation>可解释性审查</translation>
    </message>
    <message>
        <location line="-143"/>
        <source>Explainability review of run “%1”</source>
        <translation>运行“%1”的可解释性审查</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Written by RecScope %1 on %2 (UTC).</source>
        <translation>由 RecScope %1 于 %2（UTC）生成。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Findings</source>
        <translation>结论</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Users reviewed</source>
        <translation>审查的用户</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 of %2 (sampled with seed %3); each user&apos;s top recommendation</source>
        <translation>%2 位中的 %1 位（以种子 %3 抽样）；每位用户的首位推荐</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Explained</source>
        <translation>解释范围</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>the newest %1 items of each history; older items stay as context</source>
        <translation>每段历史中最新的 %1 个物品；更早的物品作为上下文保留</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Masking</source>
        <translation>遮蔽方式</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>pad: an absent item leaves a gap</source>
        <translation>填充：缺失的物品留下空位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>remove: an absent item is taken out of the sequence</source>
        <translation>移除：缺失的物品从序列中取出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Explained value</source>
        <translation>解释的数值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Random orders per explanation</source>
        <translation>每个解释的随机顺序数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Faithfulness</source>
        <translation>忠实度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Each point is one explanation: its deletion (or insertion) area when the most credited items are taken away (given back) first, against the mean area for random orders. Deletion points under the diagonal and insertion points above it mean the attributions rank the items the way the model uses them.</source>
        <translation>每个点是一个解释：先移除（放回）贡献最大的物品时的删除（插入）面积，对比随机顺序的平均面积。删除点位于对角线下方、插入点位于上方，说明归因对物品的排序与模型的使用方式一致。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Median, attributions&apos; order</source>
        <translation>中位数（归因顺序）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Median, random orders</source>
        <translation>中位数（随机顺序）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deletion area (lower is better)</source>
        <translation>删除面积（越低越好）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Insertion area (higher is better)</source>
        <translation>插入面积（越高越好）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Better than random orders on both curves: %1. Largest additivity gap: %2.</source>
        <translation>两条曲线都优于随机顺序的比例：%1。最大可加性差距：%2。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Attention and attributions</source>
        <translation>注意力与归因</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How alike attention rollout and the attributions rank each history&apos;s items. High agreement means attention happens to point at what matters; low agreement means it cannot stand in for them.</source>
        <translation>注意力展开与归因对每段历史中物品排序的相似程度。一致性高表示注意力恰好指向重要的物品；一致性低表示注意力不能代替归因。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Smallest changes</source>
        <translation>最小改变</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>For each case, the fewest of the explained items whose removal takes the recommended item out of first place (every removal tried, size by size, and checked by scoring the changed history). Small changes mean a recommendation hangs on a few items; a removal that matches the largest attributions confirms them.</source>
        <translation>对每个样例，找出移除后能使被推荐物品离开第一位的最少被解释物品（按大小逐一尝试所有移除，并对改变后的历史重新打分加以核对）。改变很小说明推荐取决于少数几个物品；与最大归因一致的移除印证了归因。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Items taken out</source>
        <translation>移除的物品</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cases</source>
        <translation>样例数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The smallest removal is exactly the items with the largest attributions in %1 of the cases that have one.</source>
        <translation>在找到最小移除的样例中，有 %1 的最小移除恰好是归因最大的物品。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Diagnostics</source>
        <translation>诊断</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The run on its own test cases (%1 users, full ranking) with each history read as it is, shuffled and reversed (the newest items the model reads; older ones stay); whether its evaluation leaks the future; and test items repeated from training.</source>
        <translation>该运行在其自身测试样例上（%1 个用户，全排序）分别按原样、打乱和倒序读取每条历史（只改动模型读取的最新物品，更早的保持不变）；其评估是否泄露未来；以及测试中重复训练内容的物品。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>NDCG@%1 as read / shuffled / reversed</source>
        <translation>NDCG@%1 原样 / 打乱 / 倒序</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Drop when shuffled (95% interval)</source>
        <translation>打乱后的下降（95% 区间）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Uses the order of a history</source>
        <translation>利用历史顺序</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no sign of it</source>
        <translation>看不出</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test interactions before the latest training one</source>
        <translation>早于最晚训练交互的测试交互</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NDCG@%1 on its split / on a global temporal split</source>
        <translation>NDCG@%1 自身划分 / 全局时间划分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 / %2 (%3 users; %4 of its training after that cut)</source>
        <translation>%1 / %2（%3 个用户；其训练中 %4 在切点之后）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Leakage</source>
        <translation>泄露</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not measured: the dataset has no timestamps</source>
        <translation>未测量：数据集没有时间戳</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test items already in the user&apos;s training items</source>
        <translation>已在用户训练物品中的测试物品</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What is credited</source>
        <translation>贡献归属</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+17"/>
        <source>Credited most</source>
        <translation>贡献最大</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>Summed attribution there</source>
        <translation>累计归因</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>History item</source>
        <translation>历史物品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Item group</source>
        <translation>物品组</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Explanations to look at first</source>
        <translation>应优先查看的解释</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The explanations that fall furthest short of random orders; open them in the Explain tab to see why.</source>
        <translation>与随机顺序相比差距最大的解释；可在“解释”页中打开查看原因。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Recommended</source>
        <translation>推荐物品</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Deletion / random</source>
        <translation>删除 / 随机</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Insertion / random</source>
        <translation>插入 / 随机</translation>
    </message>
    <message>
        <location line="-261"/>
        <source>nothing</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+272"/>
        <source>How to read this report</source>
        <translation>如何阅读本报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Areas are on each explanation&apos;s own 0-1 scale: its lowest curve point is 0, its highest 1.</source>
        <translation>面积按每个解释自身的 0-1 刻度计算：其曲线最低点为 0，最高点为 1。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A review reads the project and writes nothing to it; run it again with another seed for other users.</source>
        <translation>审查只读取项目，不写入任何内容；换一个种子重新运行即可审查其他用户。</translation>
    </message>
    <message>
        <location line="-261"/>
        <source>%1: “%2”</source>
        <translation>%1：“%2”</translation>
    </message>
</context>
<context>
    <name>recscope::RunsTableModel</name>
    <message>
        <location filename="../widgets/training/runstablemodel.cpp" line="+62"/>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Configuration: %1</source>
        <translation>配置：%1</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Best epoch</source>
        <translation>最佳轮次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Valid NDCG@10</source>
        <translation>验证 NDCG@10</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test NDCG@10</source>
        <translation>测试 NDCG@10</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test HR@10</source>
        <translation>测试 HR@10</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <location line="-53"/>
        <source>%1 (cold-start split)</source>
        <translation>%1（冷启动划分）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (temporal split)</source>
        <translation>%1（时间划分）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (random split)</source>
        <translation>%1（随机划分）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (k-fold split)</source>
        <translation>%1（K 折划分）</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>Trained with DP-SGD: epsilon %1 at delta %2</source>
        <translation>使用 DP-SGD 训练：epsilon %1，delta %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trained without differential privacy</source>
        <translation>未使用差分隐私训练</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 parameters, %2 FLOPs per user; latency p50 %3 ms, p95 %4 ms; %5 users/s in batches of 256 (%6 thread(s), %7)</source>
        <translation>%1 个参数，每用户 %2 次浮点运算；延迟 p50 %3 毫秒，p95 %4 毫秒；批大小 256 时每秒 %5 个用户（%6 个线程，%7）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not measured yet: right-click the run and choose Measure cost</source>
        <translation>尚未测量：右键单击该运行并选择“测量成本”</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Privacy ε</source>
        <translation>隐私 ε</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Latency p50</source>
        <translation>延迟 p50</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Test RMSE</source>
        <translation>测试 RMSE</translation>
    </message>
</context>
<context>
    <name>recscope::RunsView</name>
    <message>
        <location filename="../widgets/training/runsview.cpp" line="+47"/>
        <source>Runs</source>
        <translation>运行列表</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate with these settings</source>
        <translation>以这些设置复制</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Resume from the last checkpoint in %n processes</source>
        <translation>
            <numerusform>以 %n 个进程从最近的检查点继续</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resume from the last checkpoint</source>
        <translation>从最近的检查点继续</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Measure cost (size, latency, throughput)</source>
        <translation>测量成本（大小、延迟、吞吐量）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compressed copy</source>
        <translation>压缩副本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Int8 weights (per-row scales)</source>
        <translation>Int8 权重（逐行缩放）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prune 50% of the weights (by magnitude)</source>
        <translation>剪枝 50% 的权重（按幅值）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prune 50% of the attention heads</source>
        <translation>剪枝 50% 的注意力头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Privacy audit (membership inference)</source>
        <translation>隐私审计（成员推断）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Needs a run trained on the k-fold split: the attack compares trained users with held-out ones.</source>
        <translation>需要在 K 折划分上训练的运行：攻击会比较参与训练的用户与留出的用户。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every user&apos;s top %1 (CSV or JSON lines)…</source>
        <translation>每位用户的前 %1 项（CSV 或 JSON Lines）…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export recommendations</source>
        <translation>导出推荐</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>recommendations.csv</source>
        <translation>recommendations.csv</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV (*.csv);;JSON lines (*.jsonl)</source>
        <translation>CSV (*.csv);;JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Item and user vectors (TensorBoard projector)…</source>
        <translation>物品和用户向量（TensorBoard Projector）…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folder for the vectors</source>
        <translation>向量的保存文件夹</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Model as TorchScript (.pt)…</source>
        <translation>模型（TorchScript，.pt）…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export the model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>model.pt</source>
        <translation>model.pt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>TorchScript (*.pt)</source>
        <translation>TorchScript (*.pt)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The transformers, with their weights and item ids: a service loads it with torch.jit.load, no RecScope needed.</source>
        <translation>各 Transformer 模型，连同权重和物品 ID：服务端用 torch.jit.load 即可加载，无需 RecScope。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models that score by a dot product of a user&apos;s and an item&apos;s vector: BPR-MF and the transformers.</source>
        <translation>以用户向量与物品向量的点积打分的模型：BPR-MF 和各 Transformer 模型。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Measuring the cost of %1</source>
        <translation>正在测量 %1 的成本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Int8 copy of %1</source>
        <translation>%1 的 Int8 副本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pruning 50% of the weights of %1</source>
        <translation>正在剪枝 %1 的 50% 权重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pruning 50% of the heads of %1</source>
        <translation>正在剪枝 %1 的 50% 注意力头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Privacy audit of %1</source>
        <translation>%1 的隐私审计</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exporting the recommendations of %1</source>
        <translation>正在导出 %1 的推荐</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exporting the vectors of %1</source>
        <translation>正在导出 %1 的向量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing %1 as TorchScript</source>
        <translation>正在将 %1 写为 TorchScript</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 parameters, %2; latency p50 %3 ms, p95 %4 ms; %5 users/s</source>
        <translation>%1 个参数，%2；延迟 p50 %3 毫秒，p95 %4 毫秒；每秒 %5 个用户</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>New run %1: compare it with its parent in the Compare tab</source>
        <translation>新运行 %1：在“比较”页将其与父运行比较</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Membership-inference AUC %1 (0.5: the attack cannot tell; 1: it always can). Mean loss %2 for %3 trained users, %4 for %5 held out.</source>
        <translation>成员推断 AUC %1（0.5：攻击无法分辨；1：总能分辨）。%3 个训练用户的平均损失为 %2，%5 个留出用户为 %4。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 recommendations for %2 users written to %3</source>
        <translation>已将 %2 位用户的 %1 条推荐写入 %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Written to %1: load it with torch.jit.load and call recommend(history, k)</source>
        <translation>已写入 %1：用 torch.jit.load 加载后调用 recommend(history, k)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 item and %2 user vectors of %3 numbers written to %4 (open it in TensorBoard&apos;s projector)</source>
        <translation>已将 %1 个物品向量和 %2 个用户向量（每个 %3 维）写入 %4（可在 TensorBoard Projector 中打开）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Rename Run</source>
        <translation>重命名运行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>%1 (copy)</source>
        <translation>%1（副本）</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+4"/>
        <source>Delete Run</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Cancel the run before deleting it.</source>
        <translation>请先取消运行再删除。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Delete run &apos;%1&apos;?

Its configuration, %2 epoch(s) of curves and its checkpoints are removed from the project file.</source>
        <translation>要删除运行“%1”吗？

它的配置、%2 轮的曲线以及检查点将从项目文件中移除。</translation>
    </message>
</context>
<context>
    <name>recscope::SmallestChangePage</name>
    <message>
        <location filename="../widgets/explain/smallestchangepage.cpp" line="+18"/>
        <source>Must lea&amp;ve the top:</source>
        <translation>必须离开前几名(&amp;V)：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Out of the top</source>
        <translation>离开前几名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1: the change must take the item out of first place; K: out of the top K recommendations</source>
        <translation>1：改变必须使该物品离开第一位；K：离开前 K 个推荐</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Fewest items to take out</source>
        <translation>需移除的最少物品</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Items whose removal changes the recommendation</source>
        <translation>移除后会改变推荐的物品</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Open the removal in What &amp;if</source>
        <translation>在“假设”中打开此移除(&amp;I)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Uncheck these items in the What-if editor: the recommendations and the explanation follow</source>
        <translation>在“假设”编辑器中取消勾选这些物品：推荐和解释随之更新</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Closest single swap</source>
        <translation>最接近的单次替换</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ope&amp;n the swap in What if</source>
        <translation>在“假设”中打开此替换(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Put the swapped-in item in its place in the What-if editor</source>
        <translation>在“假设”编辑器中把换入的物品放到该位置</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Select a recommendation: the smallest change that would undo it is searched with its explanation.</source>
        <translation>请选择一条推荐：会与其解释一起搜索能撤销它的最小改变。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>first place</source>
        <translation>第一位</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>the top %1</source>
        <translation>前 %1 名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing to undo: “%1” is at #%2 already, outside %3.</source>
        <translation>无需撤销：“%1”已在第 %2 名，不在%3之内。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Every removal of this size or smaller was tried: %1 histories scored in %2 s.</source>
        <translation>已尝试所有不超过此大小的移除：%2 秒内为 %1 条历史打分。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Beam search guided by the attributions (the history is too long to try every removal): %1 histories scored in %2 s.</source>
        <translation>由归因引导的束搜索（历史太长，无法尝试所有移除）：%2 秒内为 %1 条历史打分。</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>No removal of up to %n item(s) takes “%1” out of %2.</source>
        <translation>
            <numerusform>移除至多 %n 个物品都不能使“%1”离开%2。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Without the %n item(s) below, “%1” leaves %2: it falls to #%3 and “%4” comes first.</source>
        <translation>
            <numerusform>去掉下面的 %n 个物品后，“%1”离开%2：它降到第 %3 名，“%4”排在第一。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1  (position %2 of the history)</source>
        <translation>%1（历史中的第 %2 个位置）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checked: scoring the changed history as a whole gives the same.</source>
        <translation>已核对：对改变后的完整历史重新打分，结果相同。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not confirmed: scoring the changed history as a whole disagrees; treat this with care.</source>
        <translation>未能确认：对改变后的完整历史重新打分结果不同；请谨慎看待。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 %2</source>
        <comment>two sentences in a row</comment>
        <translation>%1%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>These are the items with the largest attributions.</source>
        <translation>这些正是归因最大的物品。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>These are not simply the items with the largest attributions.</source>
        <translation>这些并不只是归因最大的物品。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“%1” in place of “%2” (similarity %3) also takes it out of %4: it falls to #%5 and “%6” comes first.%7</source>
        <translation>用“%1”替换“%2”（相似度 %3）也能使其离开%4：它降到第 %5 名，“%6”排在第一。%7</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(Not confirmed.)</source>
        <translation>（未能确认。）</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>None of the %n swap(s) tried (each history item for the items most like it) does the same.</source>
        <translation>
            <numerusform>尝试的 %n 次替换（把每个历史物品换成与其最相似的物品）都做不到这一点。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Swaps are searched among the items most like each history item; this model has no item vectors to measure that.</source>
        <translation>替换会在与每个历史物品最相似的物品中搜索；此模型没有物品向量，无法衡量相似度。</translation>
    </message>
</context>
<context>
    <name>recscope::SweepDialog</name>
    <message>
        <location filename="../widgets/training/sweepdialog.cpp" line="+21"/>
        <source>Hyperparameter sweep</source>
        <translation>超参数扫描</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every trial is a run of %1 with the form&apos;s settings, except those varied below. Trials are compared by validation NDCG@10; see them in Compare ▸ Sweeps.</source>
        <translation>每个试验都是一次 %1 运行，除下方变化的设置外均沿用表单中的设置。试验按验证集 NDCG@10 比较；可在“比较 ▸ 调参扫描”中查看。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>One setting per line, for example
lr=0.001,0.003,0.01
dropout=0.1,0.3
or, for a random search, lr=1e-4..1e-2:log</source>
        <translation>每行一个设置，例如
lr=0.001,0.003,0.01
dropout=0.1,0.3
随机搜索时也可写范围：lr=1e-4..1e-2:log</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Grid: every combination</source>
        <translation>网格：全部组合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Random: draws from the lists and ranges</source>
        <translation>随机：从列表和范围中抽取</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+3"/>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop poor trials early (successive halving)</source>
        <translation>提前停止较差的试验（逐次减半）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every trial trains the first epochs; the best 1/eta by validation NDCG@10 carry on to eta times as many, and so on up to the form&apos;s epochs.</source>
        <translation>每个试验先训练最初几轮；按验证集 NDCG@10 最好的 1/eta 继续训练 eta 倍的轮数，如此直到表单中的轮数。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Vary:</source>
        <translation>变化(&amp;V)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Strategy:</source>
        <translation>策略(&amp;S)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Trials (random):</source>
        <translation>试验数（随机）(&amp;T)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;eed (random):</source>
        <translation>随机种子（随机）(&amp;E)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At most &amp;runs:</source>
        <translation>最多运行数(&amp;R)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At most &amp;minutes:</source>
        <translation>最多分钟数(&amp;M)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep 1/&amp;eta per rung:</source>
        <translation>每级保留 1/eta(&amp;E)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First rung&apos;s e&amp;pochs:</source>
        <translation>第一级的轮数(&amp;P)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start sweep</source>
        <translation>开始扫描</translation>
    </message>
    <message numerus="yes">
        <location line="+48"/>
        <source>%n trial(s)</source>
        <translation>
            <numerusform>%n 个试验</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>; the budget starts %1 of them</source>
        <translation>；预算内将运行其中 %1 个</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Name at least one setting to vary.</source>
        <translation>请至少指定一个要变化的设置。</translation>
    </message>
</context>
<context>
    <name>recscope::SweepParallelChart</name>
    <message>
        <location filename="../widgets/compare/sweepparallelchart.cpp" line="+18"/>
        <source>Every trial across all varied settings and its validation NDCG@10 (parallel coordinates)</source>
        <translation>每个试验在全部变化设置上的取值及其验证集 NDCG@10（平行坐标）</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>valid NDCG@10</source>
        <translation>验证 NDCG@10</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>trained the full length</source>
        <translation>训练到完整轮数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>stopped early (halving)</source>
        <translation>提前停止（逐次减半）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>best trial</source>
        <translation>最佳试验</translation>
    </message>
</context>
<context>
    <name>recscope::SweepSettingChart</name>
    <message>
        <location filename="../widgets/compare/sweepsettingchart.cpp" line="+18"/>
        <source>Validation NDCG@10 of each trial against a setting</source>
        <translation>各试验的验证集 NDCG@10 与某一设置的关系</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>validation NDCG@10 (best checkpoint)</source>
        <translation>验证集 NDCG@10（最佳检查点）</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>trained the full length</source>
        <translation>训练到完整轮数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped early (halving)</source>
        <translation>提前停止（逐次减半）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>best trial</source>
        <translation>最佳试验</translation>
    </message>
</context>
<context>
    <name>recscope::SweepView</name>
    <message>
        <location filename="../widgets/compare/sweepsupport.h" line="+26"/>
        <source>not started (budget)</source>
        <translation>未开始（预算已用尽）</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>stopped early after %n epoch(s)</source>
        <translation>
            <numerusform>在 %n 轮后提前停止</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not finished</source>
        <translation>未完成</translation>
    </message>
    <message>
        <location filename="../widgets/compare/sweepview.cpp" line="+33"/>
        <source>Sweep</source>
        <translation>扫描</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Setting on the chart</source>
        <translation>图表所示的设置</translation>
    </message>
    <message numerus="yes">
        <location line="+54"/>
        <source>%1 (%2, %n trial(s), %3)</source>
        <translation>
            <numerusform>%1（%2，%n 个试验，%3）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No sweep on this dataset yet: run one with recscope-cli sweep (see the user guide).</source>
        <translation>此数据集尚无调参扫描：可用 recscope-cli sweep 运行一次（见用户指南）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Valid NDCG@10</source>
        <translation>验证 NDCG@10</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Test NDCG@10</source>
        <translation>测试 NDCG@10</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message numerus="yes">
        <location line="+40"/>
        <source>%1 on %2: %n trial(s), %3 strategy%4; %5 in %6 s.</source>
        <translation>
            <numerusform>%1，创建于 %2：%n 个试验，%3 策略%4；%5，用时 %6 秒。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>, successive halving (keep 1/%1 from %2 epochs)</source>
        <translation>，逐次减半（从 %2 轮起每级保留 1/%1）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Best by validation NDCG@10: trial %1 (run %2), %3; its test NDCG@10 is %4.</source>
        <translation>按验证集 NDCG@10 最佳：试验 %1（运行 %2），%3；其测试集 NDCG@10 为 %4。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Left out: %1.</source>
        <translation>未运行：%1。</translation>
    </message>
    <message>
        <location line="-123"/>
        <source>Sh&amp;own sweep:</source>
        <translation>显示的扫描(&amp;O)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Chart a&amp;gainst:</source>
        <translation>图表横轴(&amp;G)：</translation>
    </message>
    <message>
        <location filename="../widgets/compare/sweepsupport.h" line="+9"/>
        <source>Trial %1 (%2)
validation NDCG@10 %3, test %4
%5</source>
        <translation>试验 %1（%2）
验证集 NDCG@10 %3，测试集 %4
%5</translation>
    </message>
    <message>
        <location line="+48"/>
        <source> (log)</source>
        <translation>（对数）</translation>
    </message>
    <message>
        <location filename="../widgets/compare/sweepview.cpp" line="+127"/>
        <source>all settings (parallel coordinates)</source>
        <translation>全部设置（平行坐标）</translation>
    </message>
</context>
<context>
    <name>recscope::TimelineModel</name>
    <message>
        <location filename="../widgets/datasets/usertablemodel.cpp" line="+82"/>
        <source>(order only)</source>
        <translation>（仅顺序）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(no title)</source>
        <translation>（无标题）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time (UTC)</source>
        <translation>时间（UTC）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Item id</source>
        <translation>物品编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rating</source>
        <translation>评分</translation>
    </message>
</context>
<context>
    <name>recscope::TradeoffChart</name>
    <message>
        <location filename="../widgets/compare/tradeoffchart.cpp" line="+15"/>
        <source>Trade-off between two metrics; the line joins the runs no other run beats on both</source>
        <translation>两个指标之间的权衡；连线连接在两个指标上都没有被其他运行同时超越的运行</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+1"/>
        <source> (higher is better)</source>
        <translation>（越高越好）</translation>
    </message>
    <message>
        <location line="-1"/>
        <location line="+1"/>
        <source> (lower is better)</source>
        <translation>（越低越好）</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Pareto front</source>
        <translation>帕累托前沿</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>%1
%2 %3
%4 %5</source>
        <translation>%1
%2 %3
%4 %5</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>on the Pareto front</source>
        <translation>位于帕累托前沿</translation>
    </message>
</context>
<context>
    <name>recscope::TrainingCurvesChart</name>
    <message>
        <location filename="../widgets/training/trainingcurveschart.cpp" line="+19"/>
        <source>Training curves</source>
        <translation>训练曲线</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Validation NDCG@10</source>
        <translation>验证 NDCG@10</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+34"/>
        <source>validation loss (gap to training shaded)</source>
        <translation>验证损失（与训练损失之差以阴影表示）</translation>
    </message>
    <message>
        <location line="-29"/>
        <source>validation NDCG@10</source>
        <translation>验证 NDCG@10</translation>
    </message>
    <message>
        <location line="+62"/>
        <location line="+1"/>
        <source>best epoch %1</source>
        <translation>最佳轮次 %1</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Epoch %1
training loss %2
validation loss %3 (gap %4)
validation NDCG@10 %5</source>
        <translation>第 %1 轮
训练损失 %2
验证损失 %3（差值 %4）
验证 NDCG@10 %5</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Epoch %1
training loss %2 (cross-entropy)
validation loss %3 (sampled BCE)
validation NDCG@10 %4</source>
        <translation>第 %1 轮
训练损失 %2（交叉熵）
验证损失 %3（抽样 BCE）
验证 NDCG@10 %4</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>validation loss (sampled BCE, other scale)</source>
        <translation>验证损失（抽样 BCE，尺度不同）</translation>
    </message>
</context>
<context>
    <name>recscope::TrainingForm</name>
    <message>
        <location filename="../widgets/training/trainingform.cpp" line="+78"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1:</source>
        <translation>%1：</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Processes on this machine</source>
        <translation>本机进程数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Processes that train this run together, each on its share of every batch (data parallel); this window shows the first one&apos;s progress and Cancel stops them all. Each computes with the threads above: on a small machine, give each process one thread.</source>
        <translation>共同训练此运行的进程，每个进程处理每批数据中的一份（数据并行）；此窗口显示第一个进程的进度，“取消”会停止所有进程。每个进程使用上面设置的线程数：在小型机器上，请给每个进程一个线程。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>P&amp;rocesses on this machine:</source>
        <translation>本机进程数(&amp;R)：</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>default: model and dataset</source>
        <translation>默认：模型和数据集名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run name</source>
        <translation>运行名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+112"/>
        <source>scratch (random weights)</source>
        <translation>从头开始（随机权重）</translation>
    </message>
    <message>
        <location line="-108"/>
        <source>As in Preferences</source>
        <translation>同首选项</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Processor (CPU)</source>
        <translation>处理器 (CPU)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>GPU %1</source>
        <translation>GPU %1</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a folder for %1</source>
        <translation>为%1选择文件夹</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>run %1: %2</source>
        <translation>运行 %1：%2</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>Own language model, pretrained on the item text</source>
        <translation>自带语言模型，在物品文本上预训练</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>BERT: %1 layers, width %2, %3 tokens</source>
        <translation>BERT：%1 层，宽度 %2，%3 个词元</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 attention heads; reads up to %2 tokens per item; %3.</source>
        <translation>%1 个注意力头；每个物品最多读取 %2 个词元；%3。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>uncased</source>
        <translation>不区分大小写</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>cased</source>
        <translation>区分大小写</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not usable: %1</source>
        <translation>无法使用：%1</translation>
    </message>
</context>
<context>
    <name>recscope::TrainingJob</name>
    <message>
        <location filename="../widgets/training/trainingjob.cpp" line="+106"/>
        <source>Training %1</source>
        <translation>正在训练 %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>best epoch %1, test NDCG@10 %2</source>
        <translation>最佳轮次 %1，测试 NDCG@10 %2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>resumed; best epoch %1, test NDCG@10 %2</source>
        <translation>已继续；最佳轮次 %1，测试 NDCG@10 %2</translation>
    </message>
</context>
<context>
    <name>recscope::TrainingPanel</name>
    <message>
        <location filename="../widgets/training/trainingpanel.cpp" line="+69"/>
        <location line="+74"/>
        <source>New run</source>
        <translation>新建运行</translation>
    </message>
    <message>
        <location line="-72"/>
        <location line="+35"/>
        <source>Choose a dataset in the Datasets dock.</source>
        <translation>请在“数据集”面板中选择一个数据集。</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>Runs at a time</source>
        <translation>同时运行数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many queued runs train side by side; each takes its share of the compute threads.</source>
        <translation>队列中同时训练的运行数；每个运行分得一部分计算线程。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs at a &amp;time:</source>
        <translation>同时运行数(&amp;T)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add to queue</source>
        <translation>加入队列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queue a run with these settings; it starts when a slot is free.</source>
        <translation>用这些设置排队一个运行；有空闲名额时开始。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Validation after each epoch: the held-out item ranked against sampled items the user never saw (NDCG@10, HR@10). The best epoch&apos;s checkpoint is kept.</source>
        <translation>每轮之后验证：将留出物品与用户未接触过的采样物品一起排名（NDCG@10、HR@10）。保留最佳轮次的检查点。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Dataset: &lt;b&gt;%1&lt;/b&gt; (%2 users, %3 interactions)</source>
        <translation>数据集：&lt;b&gt;%1&lt;/b&gt;（%2 个用户，%3 次交互）</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>%1 on %2</source>
        <translation>%1 @ %2</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>No run on this dataset yet</source>
        <translation>此数据集上还没有运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set a run up on the left and add it to the queue, or begin with SASRec, the usual baseline for next-item recommendation: its training and validation curves appear here epoch by epoch.</source>
        <translation>在左侧设置一个运行并加入队列，或从 SASRec 开始——它是下一项推荐的常用基线：其训练和验证曲线会逐轮显示在这里。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Train a SASRec on This Dataset</source>
        <translation>在此数据集上训练 SASRec</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <location line="-120"/>
        <source>S&amp;weep…</source>
        <translation>扫描(&amp;W)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Train one run per combination of the settings you vary, the others as in this form, and compare them (Compare ▸ Sweeps).</source>
        <translation>对所变化设置的每种组合各训练一次（其余设置同此表单），并加以比较（比较 ▸ 调参扫描）。</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>%1 sweep on %2</source>
        <translation>%2 上的 %1 扫描</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Sweep</source>
        <translation>扫描</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Sweep %1</source>
        <translation>扫描 %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No trial finished.</source>
        <translation>没有试验完成。</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n trial(s); the best is trial %1 (validation NDCG@10 %2). See Compare ▸ Sweeps.</source>
        <translation>
            <numerusform>%n 个试验；最佳为试验 %1（验证集 NDCG@10 %2）。见“比较 ▸ 调参扫描”。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sweep cancelled; the trials that ended are kept.</source>
        <translation>扫描已取消；已结束的试验予以保留。</translation>
    </message>
</context>
<context>
    <name>recscope::TrainingQueue</name>
    <message>
        <location filename="../widgets/training/trainingqueue.cpp" line="+33"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+141"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location line="-140"/>
        <source>Cancel run</source>
        <translation>取消运行</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Training progress</source>
        <translation>训练进度</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Privacy budget spent</source>
        <translation>已花费的隐私预算</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Run queue</source>
        <translation>运行队列</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Training curves chart</source>
        <translation>训练曲线图</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>%1 (queued)</source>
        <translation>%1（排队中）</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Could not start %1</source>
        <translation>无法启动 %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No run is training</source>
        <translation>没有正在训练的运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set up a run on the left and add it to the queue.</source>
        <translation>在左侧设置一个运行并加入队列。</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n run(s) waiting.</source>
        <translation>
            <numerusform>%n 个运行在等待。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Training %1</source>
        <translation>正在训练 %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 sequences/s</source>
        <translation>%1 序列/秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>about %1 left</source>
        <translation>约剩 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n waiting</source>
        <translation>
            <numerusform>%n 个等待中</numerusform>
        </translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Run %1: %2</source>
        <translation>运行 %1：%2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>1 / users</source>
        <translation>1 / 用户数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>1 / examples</source>
        <translation>1 / 样本数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>per user</source>
        <translation>按用户</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>per example</source>
        <translation>按样本</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Privacy budget (epsilon, %1, delta %2):</source>
        <translation>隐私预算（epsilon，%1，delta %2）：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Privacy spent: epsilon %1 %2, delta %3 (no target)</source>
        <translation>已花费隐私：epsilon %1（%2），delta %3（无目标）</translation>
    </message>
</context>
<context>
    <name>recscope::UserTableModel</name>
    <message>
        <location filename="../widgets/datasets/usertablemodel.cpp" line="-43"/>
        <source>User id</source>
        <translation>用户编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>History length</source>
        <translation>历史长度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attributes</source>
        <translation>属性</translation>
    </message>
</context>
<context>
    <name>recscope::WaterfallChart</name>
    <message>
        <location filename="../widgets/explain/waterfallchart.cpp" line="+15"/>
        <source>From the base value (empty history) to the score: what each history item adds</source>
        <translation>从基准值（空历史）到得分：每个历史物品贡献了多少</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+5"/>
        <source>score</source>
        <translation>得分</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>%1
attribution %2 (± %3)
running total %4</source>
        <translation>%1
归因 %2（± %3）
累计 %4</translation>
    </message>
</context>
</TS>
